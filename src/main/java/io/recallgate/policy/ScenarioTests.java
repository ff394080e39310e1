package io.recallgate.policy;

import io.recallgate.model.AcceptLanguage;
import io.recallgate.model.Decision;
import io.recallgate.model.PolicyDurations;
import io.recallgate.model.PolicySettings;
import io.recallgate.model.Reason;
import io.recallgate.model.RecallRequest;
import io.recallgate.model.Rfc3339;
import io.recallgate.model.ScenarioSettings;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Runs the scenario tests kept in the rules folder ({@code tests/*.yaml}) against a compiled rule
 * set. A file holds optional {@code defaults} (a partial request every case starts from) and
 * {@code cases}, each with a {@code name}, a {@code request} (merged over the defaults), an
 * optional {@code activeHold: true}, and an {@code expect} block: {@code outcome}, decisive
 * {@code reason}, and optionally {@code reasons} (the whole list), {@code allowedUntil},
 * {@code sensitive} (the finding types, in text order) and {@code maskedText}.
 *
 * <p>A test pins a value only where the value is its point. So {@code allowedUntil} may be an
 * RFC 3339 time, {@code null}, or relative to the settings of the request's scenario:
 * {@code sentAt + recall window}, {@code sentAt + sensitive data window} (or a duration such as
 * {@code sentAt + 2 minutes}). A test about who may recall then keeps passing when an author
 * changes a window; only the tests about that window are adjusted with it.
 */
public final class ScenarioTests {

    private static final Set<String> CASE_KEYS = Set.of("name", "request", "expect", "activeHold");
    private static final Set<String> EXPECT_KEYS =
            Set.of("outcome", "reason", "reasons", "allowedUntil", "sensitive", "maskedText");
    private static final Pattern RELATIVE = Pattern.compile("sentAt\\s*\\+\\s*(.+)");

    private final RequestReader reader;

    public ScenarioTests(RequestReader reader) {
        this.reader = reader;
    }

    /** A test case, read and merged; {@code request} is null when it does not parse. */
    record Case(
            String file,
            String name,
            RecallRequest request,
            String requestProblem,
            boolean activeHold,
            Map<String, Object> expect) {}

    /** Reads every test file; malformed files are reported as errors that reject the rule set. */
    public List<Case> read(List<RuleFile> files, List<PolicyError> errors) {
        List<Case> cases = new ArrayList<>();
        for (RuleFile file : files) {
            Object doc;
            try {
                doc = normalise(new Yaml(new SafeConstructor(new LoaderOptions()))
                        .load(new String(file.content(), StandardCharsets.UTF_8)));
            } catch (MarkedYAMLException e) {
                errors.add(new PolicyError(
                        file.path(),
                        e.getProblemMark().getLine() + 1,
                        e.getProblemMark().getColumn() + 1,
                        e.getProblem()));
                continue;
            } catch (RuntimeException e) {
                errors.add(new PolicyError(file.path(), 0, 0, "not a YAML/JSON test file: " + e.getMessage()));
                continue;
            }
            if (!(doc instanceof Map<?, ?> top) || !(top.get("cases") instanceof List<?> list)) {
                errors.add(new PolicyError(file.path(), 0, 0, "a test file needs a 'cases' list"));
                continue;
            }
            JsonObject defaults =
                    top.get("defaults") instanceof Map<?, ?> d ? new JsonObject(cast(d)) : new JsonObject();
            int index = 0;
            for (Object item : list) {
                index++;
                if (!(item instanceof Map<?, ?> c) || !(c.get("expect") instanceof Map<?, ?> expect)) {
                    errors.add(new PolicyError(
                            file.path(), 0, 0, "case " + index + " needs 'name', 'request' and 'expect'"));
                    continue;
                }
                String name = String.valueOf(c.get("name") == null ? "case " + index : c.get("name"));
                List<String> unknown = new ArrayList<>();
                c.keySet().stream()
                        .map(String::valueOf)
                        .filter(k -> !CASE_KEYS.contains(k))
                        .forEach(k -> unknown.add("'" + k + "'"));
                expect.keySet().stream()
                        .map(String::valueOf)
                        .filter(k -> !EXPECT_KEYS.contains(k))
                        .forEach(k -> unknown.add("'expect: " + k + "'"));
                if (!unknown.isEmpty()) {
                    errors.add(new PolicyError(
                            file.path(),
                            0,
                            0,
                            "case " + index + " (\"" + name + "\"): unknown " + String.join(", ", unknown)
                                    + "; a case has name, request, activeHold and expect (outcome, reason, reasons,"
                                    + " allowedUntil, sensitive, maskedText)"));
                    continue;
                }
                JsonObject request = deepMerge(
                        defaults.copy(),
                        c.get("request") instanceof Map<?, ?> r ? new JsonObject(cast(r)) : new JsonObject());
                RecallRequest parsed = null;
                String problem = null;
                try {
                    parsed = reader.read(request);
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
                cases.add(new Case(
                        file.path(), name, parsed, problem, Boolean.TRUE.equals(c.get("activeHold")), cast(expect)));
            }
        }
        return cases;
    }

    /** The hold a case with {@code activeHold: true} is under. */
    private static final List<String> TEST_HOLD = List.of("scenario-test-hold");

    public ScenarioTestResult run(RuleSet rules, List<Case> cases) {
        int passed = 0;
        List<ScenarioTestResult.Failure> failures = new ArrayList<>();
        for (Case c : cases) {
            String expected = describe(c.expect());
            if (c.request() == null) {
                failures.add(new ScenarioTestResult.Failure(
                        c.file(), c.name(), expected, "an invalid request: " + c.requestProblem()));
                continue;
            }
            Decision d = rules.decide(
                            c.request(), c.activeHold() ? TEST_HOLD : List.of(), "scenario-test", AcceptLanguage.NONE)
                    .decision();
            String mismatch = mismatch(c.expect(), d, c.request(), rules.settings());
            if (mismatch == null) {
                passed++;
            } else {
                failures.add(new ScenarioTestResult.Failure(c.file(), c.name(), expected, mismatch));
            }
        }
        return new ScenarioTestResult(passed, failures.size(), List.copyOf(failures));
    }

    /** Null when the decision meets every expectation, otherwise what it actually was. */
    private static String mismatch(
            Map<String, Object> expect, Decision d, RecallRequest request, PolicySettings settings) {
        boolean ok = true;
        String problem = null;
        if (expect.containsKey("outcome") && !d.outcome().json().equals(String.valueOf(expect.get("outcome")))) {
            ok = false;
        }
        if (expect.containsKey("reason") && !d.decisiveReason().code().equals(String.valueOf(expect.get("reason")))) {
            ok = false;
        }
        if (expect.containsKey("reasons")
                && !codes(expect.get("reasons"))
                        .equals(d.reasons().stream().map(Reason::code).toList())) {
            ok = false;
        }
        if (expect.containsKey("allowedUntil")) {
            Object want = expect.get("allowedUntil");
            Instant wanted = null;
            if (want != null) {
                try {
                    wanted = allowedUntil(String.valueOf(want), request, settings);
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
            if (problem == null && !java.util.Objects.equals(wanted, d.allowedUntil())) {
                ok = false;
            }
        }
        if (expect.containsKey("sensitive")
                && !codes(expect.get("sensitive"))
                        .equals(d.sensitive().stream().map(f -> f.type().json()).toList())) {
            ok = false;
        }
        if (expect.containsKey("maskedText") && !java.util.Objects.equals(expect.get("maskedText"), d.maskedText())) {
            ok = false;
        }
        if (problem != null) {
            return "a test that cannot be checked: " + problem;
        }
        if (ok) {
            return null;
        }
        StringBuilder sb = new StringBuilder()
                .append(d.outcome().json())
                .append(' ')
                .append(d.reasons().stream().map(Reason::code).toList())
                .append(" allowedUntil=")
                .append(d.allowedUntil());
        if (expect.containsKey("sensitive")) {
            sb.append(" sensitive=")
                    .append(d.sensitive().stream().map(f -> f.type().json()).toList());
        }
        if (expect.containsKey("maskedText")) {
            sb.append(" maskedText=").append(d.maskedText() == null ? "null" : "\"" + d.maskedText() + "\"");
        }
        return sb.append(" (rule \"")
                .append(d.decisiveReason().rule())
                .append("\")")
                .toString();
    }

    private static List<String> codes(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    /**
     * An expected {@code allowedUntil}: an RFC 3339 time, or {@code sentAt + recall window},
     * {@code sentAt + sensitive data window} (from the settings row of the request's scenario), or
     * {@code sentAt + 2 minutes}.
     */
    static Instant allowedUntil(String want, RecallRequest request, PolicySettings settings) {
        Matcher m = RELATIVE.matcher(want.strip());
        if (!m.matches()) {
            try {
                return Instant.parse(want);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("allowedUntil '" + want + "' is neither a time such as"
                        + " 2026-11-24T08:02:00Z nor 'sentAt + recall window', 'sentAt + sensitive data window' or"
                        + " 'sentAt + 5 minutes'");
            }
        }
        String term = CsvTable.word(m.group(1));
        ScenarioSettings row = settings.forScenario(request.scenario());
        Duration window;
        switch (term) {
            case "recall window" -> window = row.getRecallWindow();
            case "sensitive data window" -> window = row.getSensitiveWindow();
            default -> {
                try {
                    window = PolicyDurations.parse(term);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("allowedUntil '" + want + "': '" + m.group(1)
                            + "' is not 'recall window', 'sensitive data window' or a duration such as '5 minutes'");
                }
            }
        }
        if (window == null) {
            throw new IllegalArgumentException("allowedUntil '" + want + "': the settings row of scenario '"
                    + row.getScenario() + "' has no " + term);
        }
        return Rfc3339.writable(request.message().sentAt().plus(window));
    }

    private static String describe(Map<String, Object> expect) {
        StringBuilder sb = new StringBuilder();
        sb.append(expect.getOrDefault("outcome", "any outcome"));
        if (expect.containsKey("reasons")) {
            sb.append(' ').append(expect.get("reasons"));
        } else if (expect.containsKey("reason")) {
            sb.append(" [").append(expect.get("reason")).append(']');
        }
        for (String key : List.of("allowedUntil", "sensitive", "maskedText")) {
            if (expect.containsKey(key)) {
                Object v = expect.get(key);
                sb.append(' ')
                        .append(key)
                        .append('=')
                        .append(v instanceof String str && key.equals("maskedText") ? "\"" + str + "\"" : v);
            }
        }
        return sb.toString();
    }

    private static JsonObject deepMerge(JsonObject base, JsonObject over) {
        for (String key : over.fieldNames()) {
            Object v = over.getValue(key);
            if (v instanceof JsonObject o && base.getValue(key) instanceof JsonObject b) {
                deepMerge(b, o);
            } else {
                base.put(key, v);
            }
        }
        return base;
    }

    /** YAML reads unquoted timestamps as dates; the API wants RFC 3339 strings. */
    private static Object normalise(Object value) {
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), normalise(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(ScenarioTests::normalise).toList());
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
