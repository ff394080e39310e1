package io.recallgate.http.policy;

import io.recallgate.decision.ImpactReport;
import io.recallgate.policy.PolicyError;
import io.recallgate.policy.ScenarioTestResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code POST /v1/policy/impact}'s answer (API.md; openapi.yaml {@code PolicyImpact}). */
final class ImpactJson {

    private ImpactJson() {}

    static JsonObject toJson(ImpactReport r) {
        JsonArray errors = new JsonArray();
        for (PolicyError e : r.errors()) {
            errors.add(new JsonObject()
                    .put("file", e.file())
                    .put("line", e.line())
                    .put("column", e.column())
                    .put("message", e.message()));
        }
        ScenarioTestResult t = r.scenarioTests();
        JsonArray failures = new JsonArray();
        for (ScenarioTestResult.Failure f : t.failures()) {
            failures.add(new JsonObject()
                    .put("file", f.file())
                    .put("name", f.name())
                    .put("expected", f.expected())
                    .put("actual", f.actual()));
        }
        JsonArray transitions = new JsonArray();
        for (ImpactReport.Transition tr : r.transitions()) {
            transitions.add(new JsonObject()
                    .put("scenario", tr.scenario())
                    .put("from", verdict(tr.from()))
                    .put("to", verdict(tr.to()))
                    .put("count", tr.count())
                    .put("examples", new JsonArray(tr.examples())));
        }
        return new JsonObject()
                .put("candidateVersion", r.candidateVersion())
                .put("status", r.valid() ? "valid" : "rejected")
                .put("errors", errors)
                .put(
                        "scenarioTests",
                        new JsonObject()
                                .put("passed", t.passed())
                                .put("failed", t.failed())
                                .put("failures", failures))
                .put("replayed", r.replayed())
                .put("changed", r.changed())
                .put("skipped", r.skipped())
                .put("transitions", transitions);
    }

    private static JsonObject verdict(ImpactReport.Verdict v) {
        return new JsonObject().put("outcome", v.outcome()).put("reason", v.reason());
    }
}
