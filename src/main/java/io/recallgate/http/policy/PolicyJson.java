package io.recallgate.http.policy;

import io.recallgate.policy.PolicyError;
import io.recallgate.policy.PolicyManager;
import io.recallgate.policy.ReloadReport;
import io.recallgate.policy.RuleFile;
import io.recallgate.policy.RuleSet;
import io.recallgate.policy.ScenarioTestResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code GET /v1/policy}: the active rule set and the last reload attempt. */
final class PolicyJson {

    private PolicyJson() {}

    static JsonObject status(PolicyManager policy) {
        RuleSet active = policy.active();
        JsonArray files = new JsonArray();
        if (active != null) {
            for (RuleFile f : active.files()) {
                files.add(new JsonObject().put("path", f.path()).put("sha256", f.sha256()));
            }
        }
        return new JsonObject()
                .put("version", active == null ? null : active.version())
                .put("loadedAt", active == null ? null : active.loadedAt().toString())
                .put("files", files)
                .put("lastReload", report(policy.lastReload()));
    }

    static JsonObject report(ReloadReport r) {
        if (r == null) {
            return null;
        }
        return new JsonObject()
                .put("at", r.at().toString())
                .put("version", r.version())
                .put("status", r.status())
                .put("errors", errors(r.errors()))
                .put("scenarioTests", scenarioTests(r.scenarioTests()));
    }

    /** Located errors of a rules folder, as a reload and an impact preview show them. */
    static JsonArray errors(List<PolicyError> errors) {
        JsonArray out = new JsonArray();
        for (PolicyError e : errors) {
            out.add(new JsonObject()
                    .put("file", e.file())
                    .put("line", e.line())
                    .put("column", e.column())
                    .put("message", e.message()));
        }
        return out;
    }

    /** {@code {"passed","failed","failures":[{"file","name","expected","actual"}]}}, as a reload and an impact preview show them. */
    static JsonObject scenarioTests(ScenarioTestResult t) {
        JsonArray failures = new JsonArray();
        for (ScenarioTestResult.Failure f : t.failures()) {
            failures.add(new JsonObject()
                    .put("file", f.file())
                    .put("name", f.name())
                    .put("expected", f.expected())
                    .put("actual", f.actual()));
        }
        return new JsonObject()
                .put("passed", t.passed())
                .put("failed", t.failed())
                .put("failures", failures);
    }
}
