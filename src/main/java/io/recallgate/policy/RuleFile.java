package io.recallgate.policy;

/**
 * One file of the rules folder.
 *
 * @param path    relative to the rules folder, with {@code /} separators
 * @param content the bytes as read
 * @param sha256  hex digest of {@code content}
 */
public record RuleFile(String path, byte[] content, String sha256) {

    /** Files Drools compiles: DRL, decision tables, DSL and DSLR. */
    public boolean isRuleSource() {
        String p = path.toLowerCase(java.util.Locale.ROOT);
        return !isScenarioTest()
                && (p.endsWith(".drl")
                        || p.endsWith(".csv")
                        || p.endsWith(".xls")
                        || p.endsWith(".xlsx")
                        || p.endsWith(".dsl")
                        || p.endsWith(".dslr"));
    }

    /** Scenario tests the folder must pass before it goes live: {@code tests/**.yaml}. */
    public boolean isScenarioTest() {
        String p = path.toLowerCase(java.util.Locale.ROOT);
        return p.startsWith("tests/") && (p.endsWith(".yaml") || p.endsWith(".yml") || p.endsWith(".json"));
    }
}
