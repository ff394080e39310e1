package io.recallgate.policy;

import io.recallgate.model.Decision;
import io.recallgate.model.Reason;
import io.recallgate.model.RecallRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Runs the scenario tests kept in the rules folder ({@code tests/*.yaml}) against a compiled rule
 * set. A file holds optional {@code defaults} (a partial request every case starts from) and
 * {@code cases}, each with a {@code name}, a {@code request} (merged over the defaults), an
 * optional {@code activeHold: true}, and an {@code expect} block: {@code outcome}, decisive
 * {@code reason}, and optionally {@code reasons} (the whole list) and {@code allowedUntil}.
 */
public final class ScenarioTests {

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
            Decision d = rules.decide(c.request(), c.activeHold(), "scenario-test");
            String mismatch = mismatch(c.expect(), d);
            if (mismatch == null) {
                passed++;
            } else {
                failures.add(new ScenarioTestResult.Failure(c.file(), c.name(), expected, mismatch));
            }
        }
        return new ScenarioTestResult(passed, failures.size(), List.copyOf(failures));
    }

    /** Null when the decision meets every expectation, otherwise what it actually was. */
    private static String mismatch(Map<String, Object> expect, Decision d) {
        boolean ok = true;
        if (expect.containsKey("outcome") && !d.outcome().json().equals(String.valueOf(expect.get("outcome")))) {
            ok = false;
        }
        if (expect.containsKey("reason") && !d.decisiveReason().code().equals(String.valueOf(expect.get("reason")))) {
            ok = false;
        }
        if (expect.get("reasons") instanceof List<?> codes
                && !codes.stream()
                        .map(String::valueOf)
                        .toList()
                        .equals(d.reasons().stream().map(Reason::code).toList())) {
            ok = false;
        }
        if (expect.containsKey("allowedUntil")) {
            Object want = expect.get("allowedUntil");
            String got = d.allowedUntil() == null ? null : d.allowedUntil().toString();
            String wanted =
                    want == null ? null : Instant.parse(String.valueOf(want)).toString();
            if (wanted == null ? got != null : !wanted.equals(got)) {
                ok = false;
            }
        }
        if (ok) {
            return null;
        }
        return d.outcome().json() + " " + d.reasons().stream().map(Reason::code).toList() + " allowedUntil="
                + d.allowedUntil() + " (rule \"" + d.decisiveReason().rule() + "\")";
    }

    private static String describe(Map<String, Object> expect) {
        StringBuilder sb = new StringBuilder();
        sb.append(expect.getOrDefault("outcome", "any outcome"));
        if (expect.containsKey("reasons")) {
            sb.append(' ').append(expect.get("reasons"));
        } else if (expect.containsKey("reason")) {
            sb.append(" [").append(expect.get("reason")).append(']');
        }
        if (expect.containsKey("allowedUntil")) {
            sb.append(" allowedUntil=").append(expect.get("allowedUntil"));
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
