package io.recallgate.policy;

import java.util.HexFormat;
import java.util.Locale;

/**
 * One file of the rules folder.
 *
 * @param path    relative to the rules folder, with {@code /} separators
 * @param content the bytes as read
 * @param sha256  hex digest of {@code content}
 */
public record RuleFile(String path, byte[] content, String sha256) {

    /** The file at {@code path} with these bytes, and their digest. */
    public static RuleFile of(String path, byte[] content) {
        return new RuleFile(
                path, content, HexFormat.of().formatHex(RuleFolder.sha256().digest(content)));
    }

    /** Rules the engine compiles: DRL ({@code .drl}), and an author's own sentences ({@code .dsl} + {@code .dslr}). */
    public boolean isRuleSource() {
        String p = lower();
        return !isScenarioTest() && (p.endsWith(".drl") || p.endsWith(".dsl") || p.endsWith(".dslr"));
    }

    /** A table (settings, tags, messages, order keywords, decision order): {@code .csv}, not a Drools decision table. */
    public boolean isTable() {
        String p = lower();
        return !isScenarioTest() && p.endsWith(".csv") && !p.endsWith(".drl.csv");
    }

    /** Scenario tests the folder must pass before it goes live: {@code tests/**.yaml}. */
    public boolean isScenarioTest() {
        String p = lower();
        return p.startsWith("tests/") && (p.endsWith(".yaml") || p.endsWith(".yml") || p.endsWith(".json"));
    }

    private String lower() {
        return path.toLowerCase(Locale.ROOT);
    }
}
