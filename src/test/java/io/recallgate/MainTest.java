package io.recallgate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Without a command, or with options only, Main runs serve; its own options stay its own. */
class MainTest {

    @Test
    void serveIsTheDefaultCommand() {
        assertArrayEquals(new String[] {"serve"}, Main.withDefaultCommand(new String[0]));
        assertArrayEquals(
                new String[] {"serve", "--http-port", "9000"},
                Main.withDefaultCommand(new String[] {"--http-port", "9000"}));
        assertArrayEquals(
                new String[] {"serve", "--http-port=9000"}, Main.withDefaultCommand(new String[] {"--http-port=9000"}));
    }

    @Test
    void commandsAndTopLevelOptionsAreLeftAlone() {
        for (String[] args : new String[][] {
            {"check", "rules"}, {"--version"}, {"-V"}, {"--help"}, {"-h"}, {"help", "serve"}, {"verify-audit"}
        }) {
            assertArrayEquals(args, Main.withDefaultCommand(args));
        }
    }
}
