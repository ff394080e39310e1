package io.recallgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recallgate.model.Decision;
import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy authors may write rules in a domain-specific language (a {@code .dsl} that maps their
 * sentences to DRL, and {@code .dslr} rules written in those sentences), side by side with the DRL
 * files and the settings table.
 */
class RuleFormatsTest {

    @TempDir
    Path dir;

    @Test
    void dslRulesDecideSideBySideWithDrlAndTheTable() throws Exception {
        copy(Path.of("rules"), dir);
        Files.writeString(dir.resolve("recall.dsl"), """
                [when]the message was sent by a bot=$recall : Recall( requestedBySender, senderRole == "bot" )
                [then]allow the recall because "{code}": "{message}"=$recall.allow(kcontext, "{code}", "{message}");
                """);
        Files.writeString(dir.resolve("60-bots.dslr"), """
                package io.recallgate.rules

                import io.recallgate.model.Recall

                expander recall.dsl

                rule "A bot may always take back its own message"
                    salience 1350
                when
                    the message was sent by a bot
                then
                    allow the recall because "BOT_MESSAGE": "Automated messages may always be withdrawn."
                end
                """);
        RuleSet rules = new RuleSetCompiler(Clock.systemUTC()).compile(RuleFolder.read(dir));

        Decision bot = rules.decide(request(Role.BOT, 3_600), false, "d-1");
        assertEquals("allow", bot.outcome().json());
        assertEquals("BOT_MESSAGE", bot.decisiveReason().code());
        assertEquals(
                "A bot may always take back its own message",
                bot.decisiveReason().rule());

        Decision customer = rules.decide(request(Role.CUSTOMER, 3_600), false, "d-2");
        assertEquals(
                "WINDOW_EXPIRED", customer.decisiveReason().code(), "the DRL and table rules still decide the rest");
    }

    private static RecallRequest request(Role role, long ageSeconds) {
        Instant sent = Instant.parse("2026-11-24T08:00:00Z");
        return new RecallRequest(
                null,
                Mode.PREVIEW,
                "after_sales",
                "c-1",
                new Message("m-1", "s-1", role, MessageKind.TEXT, "hello", sent, null, true, List.of()),
                new Requester("s-1", role),
                sent.plusSeconds(ageSeconds));
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
