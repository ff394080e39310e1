package io.recallgate.policy;

import io.recallgate.model.RecallRequest;
import io.vertx.core.json.JsonObject;

/**
 * Turns a decision request in its API form into a {@link RecallRequest}. Scenario tests are
 * written in the API's own JSON shape, so they go through the very parser the HTTP API uses.
 */
@FunctionalInterface
public interface RequestReader {

    /** @throws IllegalArgumentException naming every bad field */
    RecallRequest read(JsonObject request);
}
