package io.recallgate.policy;

import io.recallgate.content.SensitiveScanner;
import io.recallgate.model.PolicySettings;
import io.recallgate.model.Recall;
import io.recallgate.model.RuleFiring;
import io.recallgate.model.ScenarioSettings;
import io.recallgate.model.Verdict;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.compiler.compiler.DescrBuildError;
import org.drools.compiler.compiler.RuleBuildError;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.io.DescrResource;
import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a {@link RuleFolder} into a {@link RuleSet}. Blocking and CPU-heavy: call it off the
 * event loop.
 *
 * <p>The folder is policy plus data; the engine stays out of the author's sight:
 * <ul>
 *   <li>the tables ({@code settings.csv}, {@code tags.csv}, {@code messages.csv},
 *       {@code order-keywords.csv}) are read as data, each error located at its cell;</li>
 *   <li>the rule files are parsed first ({@link RuleSources}), then given what every rule may use
 *       (the fact types {@code Recall} and {@code ScenarioSettings}, the actions of
 *       {@link RuleActions}), and each rule its salience from {@code decision-order.csv};</li>
 *   <li>every reason code a rule gives must have a sentence in the default language.</li>
 * </ul>
 * Each build has its own {@code KnowledgeBuilder} and nothing is registered globally, so a
 * server that reloads every few minutes for months keeps only the rule sets in use.
 */
public final class RuleSetCompiler {

    private static final Logger LOG = LoggerFactory.getLogger(RuleSetCompiler.class);

    /** The types every rule file may name without importing them. */
    private static final List<Class<?>> FACT_TYPES = List.of(Recall.class, ScenarioSettings.class);

    private static final Pattern NO_PROPERTY =
            Pattern.compile("unable to resolve method using strict-mode: ([\\w.$]+)\\.(\\w+)\\(\\)");
    private static final Pattern NO_TYPE = Pattern.compile("Unable to resolve ObjectType '([^']+)'");
    private static final Pattern UNKNOWN_NAME = Pattern.compile("(\\w+) cannot be resolved( to a variable)?");
    private static final Pattern UNKNOWN_METHOD = Pattern.compile("The method (\\w+)\\(([^)]*)\\) is undefined");

    private final Clock clock;

    public RuleSetCompiler(Clock clock) {
        this.clock = clock;
    }

    public RuleSet compile(RuleFolder folder) throws PolicyRejectedException {
        List<PolicyError> errors = new ArrayList<>();
        List<PolicyError> warnings = new ArrayList<>();
        boolean legacySettings = LegacyFormat.check(folder, errors);
        PolicySettings settings = legacySettings ? null : SettingsTables.read(folder, errors, warnings);
        Messages messages = Messages.read(folder, errors, warnings);
        List<String> orderKeywords = OrderKeywordsTable.read(folder, errors);
        List<DecisionOrder.Entry> order = DecisionOrder.read(folder, errors);

        int before = errors.size();
        RuleSources sources = RuleSources.parse(folder, errors);
        boolean parsed = errors.size() == before;
        if (parsed && sources.rules().isEmpty()) {
            errors.add(new PolicyError(
                    null,
                    0,
                    0,
                    "the rules folder " + (folder.dir() == null ? "" : folder.dir() + " ")
                            + "holds no rules (.drl files)"));
        }
        if (order != null) {
            applyOrder(order, sources, parsed, errors);
        }
        if (messages != null) {
            checkCodes(sources, messages, errors, warnings);
        }
        KieBase kieBase = parsed ? build(sources, errors) : null;
        if (!errors.isEmpty() || kieBase == null) {
            throw new PolicyRejectedException(errors);
        }
        Map<String, RuleFiring> firings = new HashMap<>();
        for (RuleSources.RuleInfo r : sources.rules()) {
            firings.put(r.name(), new RuleFiring(r.name(), r.file()));
        }
        LOG.info(
                "compiled rule set {} ({} files, {} rules)",
                folder.version(),
                folder.files().size(),
                sources.rules().size());
        return new RuleSet(
                folder,
                kieBase,
                settings,
                messages,
                new SensitiveScanner(clock, orderKeywords),
                firings,
                warnings,
                clock.instant());
    }

    /**
     * The decision order becomes salience: the first listed rule the highest. A rule that is not
     * listed, or a listed name that is no rule, is an error: the order must be stated, not guessed.
     */
    private static void applyOrder(
            List<DecisionOrder.Entry> order, RuleSources sources, boolean parsed, List<PolicyError> errors) {
        Map<String, RuleSources.RuleInfo> rules = new HashMap<>();
        sources.rules().forEach(r -> rules.put(r.name(), r));
        Set<String> listed = new LinkedHashSet<>();
        for (DecisionOrder.Entry e : order) {
            listed.add(e.rule());
            RuleSources.RuleInfo rule = rules.get(e.rule());
            if (rule == null && !parsed) {
                continue; // a file that does not parse lost its rules; its own error says why
            }
            if (rule == null) {
                String near = closest(e.rule(), rules.keySet());
                PolicyError at = e.location();
                errors.add(new PolicyError(
                        at.file(),
                        at.line(),
                        at.column(),
                        at.message() + "no rule is named \"" + e.rule() + "\""
                                + (near == null ? "" : "; did you mean \"" + near + "\"?")));
                continue;
            }
            rule.descr().addAttribute(new AttributeDescr("salience", String.valueOf(order.size() - e.position() + 1)));
        }
        for (RuleSources.RuleInfo r : sources.rules()) {
            if (!listed.contains(r.name())) {
                errors.add(new PolicyError(
                        r.file(),
                        r.line(),
                        r.column(),
                        "rule \"" + r.name() + "\" is not in " + DecisionOrder.FILE
                                + "; add it at the row where it should decide (the first rule that applies decides)"));
            }
        }
    }

    /** Every code a rule gives needs a sentence in the default language; unused sentences are only listed. */
    private static void checkCodes(
            RuleSources sources, Messages messages, List<PolicyError> errors, List<PolicyError> warnings) {
        Set<String> given = new TreeSet<>();
        for (RuleSources.RuleInfo r : sources.rules()) {
            for (RuleSources.Code c : r.codes()) {
                String code = c.code();
                given.add(code);
                if (!messages.codes().contains(code)) {
                    errors.add(new PolicyError(
                            r.file(),
                            c.line(),
                            c.column(),
                            "rule \"" + r.name() + "\" gives the reason code " + code + ", which has no sentence in "
                                    + Messages.FILE + "; add the row " + code + "," + "<" + messages.defaultLanguage()
                                    + " sentence>,…"));
                }
            }
        }
        if (!messages.codes().contains(Verdict.NO_RULE_DECIDED)) {
            errors.add(new PolicyError(
                    Messages.FILE,
                    0,
                    0,
                    "there is no row for " + Verdict.NO_RULE_DECIDED
                            + ", the answer when no rule decides (the message stays)"));
        }
        for (String code : messages.codes()) {
            if (!given.contains(code) && !code.equals(Verdict.NO_RULE_DECIDED)) {
                warnings.add(new PolicyError(Messages.FILE, 0, 0, code + " is not given by any rule"));
            }
        }
    }

    private static KieBase build(RuleSources sources, List<PolicyError> errors) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        CompositeKnowledgeBuilder batch = builder.batch();
        Map<String, String> texts = new HashMap<>();
        for (RuleSources.Source s : sources.sources()) {
            PackageDescr pkg = s.descr();
            for (Class<?> type : FACT_TYPES) {
                pkg.addImport(new ImportDescr(type.getName()));
            }
            pkg.addImport(new ImportDescr("java.time.Duration"));
            for (String action : RuleActions.NAMES) {
                FunctionImportDescr f = new FunctionImportDescr();
                f.setTarget(RuleActions.class.getName() + "." + action);
                pkg.addFunctionImport(f);
            }
            DescrResource resource = new DescrResource(pkg);
            resource.setSourcePath(s.path());
            batch.add(resource, ResourceType.DESCR);
            texts.put(s.path(), s.text());
        }
        batch.build();
        if (builder.hasErrors()) {
            for (KnowledgeBuilderError e : builder.getErrors()) {
                errors.add(locate(e, texts));
            }
            return null;
        }
        return builder.newKieBase();
    }

    // ---- errors an author can act on ----

    /** The engine's error, at the line and column it concerns, in words about the rules folder. */
    private static PolicyError locate(KnowledgeBuilderError e, Map<String, String> texts) {
        String file = e.getResource() == null ? null : e.getResource().getSourcePath();
        String text = file == null ? null : texts.get(file);
        int[] lines = e.getLines();
        int line = lines != null && lines.length > 0 ? Math.max(0, lines[0]) : 0;
        int column = 0;
        String message = firstLine(e.getMessage());
        if (e instanceof DescrBuildError d && d.getDescr() != null) {
            BaseDescr descr = d.getDescr();
            if (descr.getLine() > 0) {
                line = descr.getLine();
                column = descr.getColumn() + 1;
            }
            String snippet = descr.getText();
            if (e instanceof RuleBuildError) {
                snippet = null;
                Matcher m = UNKNOWN_METHOD.matcher(message);
                if (m.find()) {
                    snippet = m.group(1);
                    message = "'" + m.group(1) + "(" + m.group(2) + ")' is not an action a rule may take; an action"
                            + " is deny(…), allow(…), allowWithin($window, …) or redact(…), with reason codes in"
                            + " quotes";
                } else if ((m = UNKNOWN_NAME.matcher(message)).find()) {
                    snippet = m.group(1);
                    message = "'" + m.group(1) + "' is not known here"
                            + (m.group(1).matches("[A-Z][A-Z0-9_]*")
                                    ? "; reason codes are written in quotes: \"" + m.group(1) + "\""
                                    : "");
                } else {
                    message = message.replaceFirst("^Rule Compilation error\\s*", "")
                            .replaceAll(" for the type Rule_\\w+", "");
                }
                int[] at = find(text, descr, snippet);
                if (at != null) {
                    line = at[0];
                    column = at[1];
                }
            } else {
                Matcher m = NO_PROPERTY.matcher(e.getMessage());
                Matcher t = NO_TYPE.matcher(message);
                if (m.find()) {
                    String type = m.group(1).substring(m.group(1).lastIndexOf('.') + 1);
                    message = "'" + m.group(2) + "' is not a property of " + type + propertiesOf(m.group(1));
                    snippet = m.group(2);
                } else if (t.find()) {
                    message = "there is no fact type '" + t.group(1) + "'; rules match "
                            + String.join(
                                    " and ",
                                    FACT_TYPES.stream()
                                            .map(c -> c.getSimpleName() + "( … )")
                                            .toList());
                    snippet = t.group(1);
                }
                int[] at = find(text, descr, snippet);
                if (at != null) {
                    line = at[0];
                    column = at[1];
                }
            }
        }
        return new PolicyError(file, line, column, message);
    }

    /** Where {@code snippet} first stands in {@code text} from the start of {@code descr}'s line on. */
    private static int[] find(String text, BaseDescr descr, String snippet) {
        if (text == null || snippet == null || snippet.isBlank() || descr.getLine() <= 0) {
            return null;
        }
        int offset = 0;
        for (int l = 1; l < descr.getLine() && offset >= 0; l++) {
            offset = text.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return null;
            }
        }
        Matcher m =
                Pattern.compile("\\b" + Pattern.quote(snippet.strip()) + "\\b").matcher(text);
        if (!m.find(offset)) {
            return null;
        }
        return RuleSources.position(text, m.start());
    }

    /** "; it has requestedBySender, held, …" for one of the fact types. */
    private static String propertiesOf(String className) {
        for (Class<?> type : FACT_TYPES) {
            if (type.getName().equals(className)) {
                Set<String> names = new TreeSet<>();
                for (Method m : type.getMethods()) {
                    if (m.getDeclaringClass() != type || Modifier.isStatic(m.getModifiers())) {
                        continue;
                    }
                    String n = m.getName();
                    if (m.getParameterCount() == 0 && n.startsWith("is") && n.length() > 2) {
                        names.add(decapitalize(n.substring(2)));
                    } else if (m.getParameterCount() == 0 && n.startsWith("get") && n.length() > 3) {
                        names.add(decapitalize(n.substring(3)));
                    } else if (m.getParameterCount() > 0 && m.getReturnType() == boolean.class) {
                        names.add(n + "(…)");
                    }
                }
                return "; it has " + String.join(", ", names);
            }
        }
        return "";
    }

    private static String decapitalize(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String m = message.strip();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip().replaceFirst(":$", "");
    }

    /** The name nearest to {@code name} by edit distance, when it is near enough to be a typo. */
    private static String closest(String name, Set<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String n : names) {
            int d = distance(name, n);
            if (d < bestDistance) {
                best = n;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(3, name.length() / 4) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
