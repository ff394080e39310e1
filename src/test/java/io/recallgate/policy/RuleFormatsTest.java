package io.recallgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recallgate.model.AcceptLanguage;
import io.recallgate.model.Decision;
import io.recallgate.model.Message;
import io.recallgate.model.MessageKind;
import io.recallgate.model.Mode;
import io.recallgate.model.RecallFacts;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Requester;
import io.recallgate.model.Role;
import io.recallgate.model.RuleFiring;
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
 * files and the settings table; such a rule takes its place in the decision order like any other.
 */
class RuleFormatsTest {

    @TempDir
    Path dir;

    @Test
    void dslRulesDecideSideBySideWithDrlAndTheTable() throws Exception {
        copy(Path.of("rules"), dir);
        Files.writeString(dir.resolve("recall.dsl"), """
                [when]the message was sent by a bot=Recall( senderRole == "bot" )
                [then]allow the recall because {code}=allow("{code}");
                """);
        Files.writeString(dir.resolve("60-bots.dslr"), """
                expander recall.dsl

                rule "A bot may always take back its own message"
                when
                    the message was sent by a bot
                then
                    allow the recall because BOT_MESSAGE
                end
                """);
        // second in the decision order: after the sender check, before everything else
        Path order = dir.resolve("decision-order.csv");
        List<String> rows = new java.util.ArrayList<>(Files.readAllLines(order).subList(1, 15).stream()
                .map(r -> r.substring(r.indexOf(',') + 1))
                .toList());
        rows.add(1, "A bot may always take back its own message");
        StringBuilder csv = new StringBuilder("#,Rule\n");
        for (int i = 0; i < rows.size(); i++) {
            csv.append(i + 1).append(',').append(rows.get(i)).append('\n');
        }
        Files.writeString(order, csv);
        Files.writeString(
                dir.resolve("messages.csv"),
                Files.readString(dir.resolve("messages.csv"))
                        + "BOT_MESSAGE,机器人发送的消息随时可以撤回。,Automated messages may always be withdrawn.\n");
        RuleSet rules = new RuleSetCompiler(Clock.systemUTC()).compile(RuleFolder.read(dir));

        Decision bot = rules.decide(request(Role.BOT, 3_600), List.of(), "d-1", AcceptLanguage.parse("en"))
                .decision();
        assertEquals("allow", bot.outcome().json());
        assertEquals("BOT_MESSAGE", bot.decisiveReason().code());
        assertEquals(
                "A bot may always take back its own message",
                bot.decisiveReason().rule());

        assertEquals(
                "Automated messages may always be withdrawn.",
                bot.decisiveReason().message());
        assertEquals(
                List.of(new RuleFiring("A bot may always take back its own message", "60-bots.dslr")),
                rules.evaluate(RecallFacts.of(request(Role.BOT, 3_600), List.of(), List.of()))
                        .trace());

        Decision customer = rules.decide(request(Role.CUSTOMER, 3_600), List.of(), "d-2", AcceptLanguage.NONE)
                .decision();
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
