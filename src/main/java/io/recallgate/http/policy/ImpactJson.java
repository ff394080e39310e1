package io.recallgate.http.policy;

import io.recallgate.decision.ImpactReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code POST /v1/policy/impact}'s answer (API.md; openapi.yaml {@code PolicyImpact}). */
final class ImpactJson {

    private ImpactJson() {}

    static JsonObject toJson(ImpactReport r) {
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
                .put("errors", PolicyJson.errors(r.errors()))
                .put("scenarioTests", PolicyJson.scenarioTests(r.scenarioTests()))
                .put("replayed", r.replayed())
                .put("changed", r.changed())
                .put("skipped", r.skipped())
                .put("transitions", transitions);
    }

    private static JsonObject verdict(ImpactReport.Verdict v) {
        return new JsonObject().put("outcome", v.outcome()).put("reason", v.reason());
    }
}
