package io.recallgate.policy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;
import org.drools.drl.parser.lang.dsl.DSLTokenizedMappingFile;
import org.drools.drl.parser.lang.dsl.DefaultExpander;
import org.drools.drl.parser.lang.dsl.DefaultExpanderResolver;
import org.drools.io.ByteArrayResource;
import org.kie.internal.builder.KnowledgeBuilderResult;

/**
 * The rule files of a folder, parsed: DRL ({@code .drl}), and rules in an author's own sentences
 * ({@code .dslr}, expanded by the folder's {@code .dsl} files). Parsing here, before the engine
 * compiles, is what lets the compiler keep the engine out of the author's sight: it adds the
 * imports and the actions every rule may use, gives each rule its salience from the decision
 * order, and learns each rule's name, place and reason codes.
 *
 * <p>It also recognises the plumbing of the earlier rules format and says what to write instead:
 * a {@code salience} (precedence now stands in {@code decision-order.csv}) and an action that
 * passes {@code kcontext} with an English sentence ({@code deny("CODE")} and {@code messages.csv}).
 */
final class RuleSources {

    /** One rule as written: its name, where it starts, its reason codes, how many outcomes its action gives. */
    record RuleInfo(String name, String file, int line, int column, RuleDescr descr, List<Code> codes, int outcomes) {}

    /** A reason code as an action gives it, and where it stands. */
    record Code(String code, int line, int column) {}

    /** One parsed file. */
    record Source(String path, String text, PackageDescr descr) {}

    /** A call of one of {@link RuleActions}' functions (not a method of some object: {@code $x.deny(…)}). */
    private static final Pattern ACTION = Pattern.compile("(?<![\\w.$])(deny|allow|allowWithin|redact)\\s*\\(");

    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern LEGACY_ACTION =
            Pattern.compile("\\$?\\w+\\s*\\.\\s*(deny|allow|allowWithin|redact|alsoBecause)\\s*\\(\\s*kcontext\\s*,\\s*"
                    + "(?:([^,\"]+),\\s*)?\"([^\"]*)\"\\s*,\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)\\s*;");
    private static final Pattern ERR_PREFIX = Pattern.compile("^\\[ERR \\d+\\] Line \\d+:\\d+ ");

    private final List<Source> sources;
    private final List<RuleInfo> rules;

    private RuleSources(List<Source> sources, List<RuleInfo> rules) {
        this.sources = sources;
        this.rules = rules;
    }

    List<Source> sources() {
        return sources;
    }

    /** Every rule, in file order. */
    List<RuleInfo> rules() {
        return rules;
    }

    static RuleSources parse(RuleFolder folder, List<PolicyError> errors) {
        DefaultExpanderResolver dsl = dsl(folder, errors);
        List<Source> sources = new ArrayList<>();
        List<RuleInfo> rules = new ArrayList<>();
        Map<String, RuleInfo> byName = new HashMap<>();
        for (RuleFile f : folder.ruleSources()) {
            if (f.path().toLowerCase(java.util.Locale.ROOT).endsWith(".dsl")) {
                continue;
            }
            String text = new String(f.content(), StandardCharsets.UTF_8);
            boolean dslr = f.path().toLowerCase(java.util.Locale.ROOT).endsWith(".dslr");
            DrlParser parser = new DrlParser();
            String drl = text;
            try {
                if (dslr) {
                    drl = parser.getExpandedDRL(text, dsl);
                    if (report(f.path(), parser.getErrors(), errors)) {
                        continue;
                    }
                    parser = new DrlParser();
                }
                ByteArrayResource resource = new ByteArrayResource(drl.getBytes(StandardCharsets.UTF_8), "UTF-8");
                resource.setSourcePath(f.path());
                PackageDescr pkg = parser.parse(resource, drl);
                if (report(f.path(), parser.getErrors(), errors) || pkg == null) {
                    continue;
                }
                sources.add(new Source(f.path(), drl, pkg));
                for (RuleDescr r : pkg.getRules()) {
                    RuleInfo info = inspect(f.path(), drl, r, errors);
                    RuleInfo other = byName.putIfAbsent(r.getName(), info);
                    if (other != null) {
                        errors.add(new PolicyError(
                                f.path(),
                                info.line(),
                                info.column(),
                                "another rule is named \"" + r.getName() + "\" (" + other.file() + ":" + other.line()
                                        + "); each rule needs a name of its own, which decisions quote"));
                        continue;
                    }
                    rules.add(info);
                }
            } catch (DroolsParserException e) {
                errors.add(new PolicyError(
                        f.path(),
                        Math.max(0, e.getLineNumber()),
                        Math.max(0, e.getColumn()) + 1,
                        clean(e.getMessage())));
            }
        }
        return new RuleSources(List.copyOf(sources), List.copyOf(rules));
    }

    /** What the rule's action says, and the plumbing of the earlier format, reported where it stands. */
    private static RuleInfo inspect(String file, String text, RuleDescr r, List<PolicyError> errors) {
        int line = Math.max(1, r.getLine());
        int column = r.getColumn() + 1;
        AttributeDescr salience = r.getAttributes().get("salience");
        if (salience != null) {
            int salienceLine = salience.getLine() > 0 ? salience.getLine() : line;
            errors.add(new PolicyError(
                    file,
                    salienceLine,
                    columnOf(text, salienceLine, "salience", salience.getColumn() + 1),
                    "rule \"" + r.getName() + "\" has 'salience " + salience.getValue() + "': precedence now"
                            + " stands in one place, " + DecisionOrder.FILE + "; delete the salience and list the"
                            + " rule there, at the row where it should decide"));
        }
        String consequence =
                r.getConsequence() == null ? "" : r.getConsequence().toString();
        Where where = new Where(text, consequence, r, line);
        Matcher legacy = LEGACY_ACTION.matcher(consequence);
        String verb = null;
        String window = null;
        int legacyAt = -1;
        List<String> legacyCodes = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        while (legacy.find()) {
            if (!legacy.group(1).equals("alsoBecause")) {
                verb = legacy.group(1);
                window = legacy.group(2);
            }
            legacyAt = legacyAt < 0 ? legacy.start() : legacyAt;
            legacyCodes.add("\"" + legacy.group(3) + "\"");
            sentences.add(legacy.group(3) + " \"" + legacy.group(4) + "\"");
        }
        if (legacyAt >= 0) {
            int[] at = where.of(legacyAt);
            String args = (window != null ? window.strip() + ", " : "") + String.join(", ", legacyCodes);
            errors.add(new PolicyError(
                    file,
                    at[0],
                    at[1],
                    "rule \"" + r.getName() + "\": an action now says only the outcome and its reason codes: write "
                            + (verb == null ? "deny" : verb) + "(" + args + ") (the engine records the rule's name),"
                            + " and move the sentences to " + Messages.FILE + ": " + String.join("; ", sentences)));
        } else if (consequence.contains("kcontext")) {
            int[] at = where.of(consequence.indexOf("kcontext"));
            errors.add(new PolicyError(
                    file,
                    at[0],
                    at[1],
                    "rule \"" + r.getName() + "\" uses kcontext: an action now says only the outcome and its"
                            + " reason codes, e.g. deny(\"NOT_SENDER\"); the engine records the rule's name"));
        }
        List<Code> codes = new ArrayList<>();
        int outcomes = 0;
        Matcher action = ACTION.matcher(consequence);
        while (action.find()) {
            outcomes++;
            int close = closingParen(consequence, action.end());
            String args = consequence.substring(action.end(), close < 0 ? consequence.length() : close);
            List<String> parts = splitArgs(args);
            int first = action.group(1).equals("allowWithin") ? 1 : 0;
            for (int i = first; i < parts.size(); i++) {
                String p = parts.get(i).strip();
                Matcher s = STRING.matcher(p);
                int[] at = where.of(action.start());
                if (!s.matches()) {
                    errors.add(new PolicyError(
                            file,
                            at[0],
                            at[1],
                            "rule \"" + r.getName() + "\": " + action.group(1) + "(…) takes reason codes written in"
                                    + " quotes, e.g. \"NOT_SENDER\", not " + p));
                } else if (!CODE.matcher(s.group(1)).matches()) {
                    errors.add(new PolicyError(
                            file,
                            at[0],
                            at[1],
                            "rule \"" + r.getName() + "\": \"" + s.group(1)
                                    + "\" is not a reason code; write it in UPPER_SNAKE_CASE, e.g. \"WINDOW_EXPIRED\","
                                    + " and put its sentence in " + Messages.FILE));
                } else {
                    int[] c = where.of(action.end() + args.indexOf(p));
                    codes.add(new Code(s.group(1), c[0], c[1]));
                }
            }
        }
        if (outcomes > 1) {
            int[] at = where.of(0);
            errors.add(new PolicyError(
                    file,
                    at[0],
                    at[1],
                    "rule \"" + r.getName() + "\" gives " + outcomes + " outcomes; a rule gives one (several"
                            + " reason codes go into one call: redact(\"DISPUTE_FROZEN\", \"SENSITIVE_REDACTED\"))"));
        }
        return new RuleInfo(r.getName(), file, line, column, r, List.copyOf(codes), outcomes);
    }

    /** Every {@code .dsl} of the folder, as one expander for the {@code .dslr} files. */
    private static DefaultExpanderResolver dsl(RuleFolder folder, List<PolicyError> errors) {
        DefaultExpander expander = new DefaultExpander();
        for (RuleFile f : folder.ruleSources()) {
            if (!f.path().toLowerCase(java.util.Locale.ROOT).endsWith(".dsl")) {
                continue;
            }
            DSLTokenizedMappingFile mapping = new DSLTokenizedMappingFile();
            try {
                if (!mapping.parseAndLoad(new StringReader(new String(f.content(), StandardCharsets.UTF_8)))) {
                    for (KnowledgeBuilderResult e : mapping.getErrors()) {
                        int[] lines = e.getLines();
                        errors.add(new PolicyError(
                                f.path(), lines.length > 0 ? Math.max(0, lines[0]) : 0, 0, clean(e.getMessage())));
                    }
                    continue;
                }
            } catch (IOException e) {
                errors.add(new PolicyError(f.path(), 0, 0, "cannot be read: " + e.getMessage()));
                continue;
            }
            expander.addDSLMapping(mapping.getMapping());
        }
        DefaultExpanderResolver resolver = new DefaultExpanderResolver();
        resolver.addExpander("*", expander);
        return resolver;
    }

    private static boolean report(String file, List<DroolsError> found, List<PolicyError> errors) {
        boolean any = false;
        for (DroolsError e : found) {
            any = true;
            if (e instanceof ParserError p) {
                errors.add(new PolicyError(file, Math.max(0, p.getRow()), p.getCol() + 1, clean(p.getMessage())));
            } else {
                int[] lines = e.getLines();
                errors.add(
                        new PolicyError(file, lines.length > 0 ? Math.max(0, lines[0]) : 0, 0, clean(e.getMessage())));
            }
        }
        return any;
    }

    static String clean(String message) {
        if (message == null) {
            return "";
        }
        return ERR_PREFIX.matcher(message.strip()).replaceFirst("");
    }

    /** Turns an index into a rule's action text into the line and column of the file. */
    static final class Where {
        private final String text;
        private final int base;
        private final int fallbackLine;

        Where(String text, String consequence, RuleDescr r, int ruleLine) {
            this.text = text;
            this.base = consequence.isEmpty() ? -1 : text.indexOf(consequence, Math.max(0, r.getStartCharacter()));
            this.fallbackLine = r.getConsequenceLine() > 0 ? r.getConsequenceLine() : ruleLine;
        }

        /** 1-based line and column of {@code index} in the action text. */
        int[] of(int index) {
            if (base < 0 || index < 0) {
                return new int[] {fallbackLine, 0};
            }
            return position(text, base + index);
        }
    }

    /** The 1-based column of {@code word} on line {@code line} of {@code text}, or {@code fallback}. */
    static int columnOf(String text, int line, String word, int fallback) {
        int start = 0;
        for (int l = 1; l < line; l++) {
            start = text.indexOf('\n', start) + 1;
            if (start == 0) {
                return fallback;
            }
        }
        int end = text.indexOf('\n', start);
        int at = text.substring(start, end < 0 ? text.length() : end).indexOf(word);
        return at < 0 ? fallback : at + 1;
    }

    /** 1-based line and column of {@code offset} in {@code text}. */
    static int[] position(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, offset - lineStart + 1};
    }

    /** Index of the ')' that closes the call whose arguments start at {@code from}; -1 if none. */
    private static int closingParen(String s, int from) {
        int depth = 0;
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    /** Splits call arguments at top-level commas. */
    private static List<String> splitArgs(String args) {
        List<String> out = new ArrayList<>();
        if (args.isBlank()) {
            return out;
        }
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(args.substring(start, i));
                start = i + 1;
            }
        }
        out.add(args.substring(start));
        return out;
    }
}
