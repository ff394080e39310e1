package io.recallgate.http;

import io.recallgate.model.Decision;
import io.recallgate.model.Outcome;
import io.recallgate.model.Reason;
import io.recallgate.model.SensitiveFinding;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A decision in the API's JSON form (API.md, response 200). */
public final class DecisionJson {

    private DecisionJson() {
    }

    public static JsonObject toJson(Decision d) {
        JsonArray reasons = new JsonArray();
        for (Reason r : d.reasons()) {
            reasons.add(new JsonObject().put("code", r.code()).put("rule", r.rule()).put("message", r.message()));
        }
        JsonArray sensitive = new JsonArray();
        for (SensitiveFinding f : d.sensitive()) {
            sensitive.add(new JsonObject().put("type", f.type().json()).put("start", f.start()).put("end", f.end()));
        }
        JsonObject json = new JsonObject()
                .put("decisionId", d.decisionId())
                .put("mode", d.mode().json())
                .put("outcome", d.outcome().json())
                .put("reasons", reasons)
                .put("sensitive", sensitive);
        if (d.outcome() == Outcome.REDACT) {
            json.put("maskedText", d.maskedText());
        }
        return json
                .put("allowedUntil", d.allowedUntil() == null ? null : d.allowedUntil().toString())
                .put("policyVersion", d.policyVersion())
                .put("evaluatedAt", d.evaluatedAt().toString());
    }
}
