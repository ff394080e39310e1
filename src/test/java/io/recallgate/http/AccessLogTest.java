package io.recallgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The access log's paths: the console's templates (ConsoleRoutesTest), never the text a client put in the address. */
class AccessLogTest {

    @Test
    void theAccessLogUsesThem() {
        JsonObject fields = new JsonObject();
        assertEquals("/console/{file}", AccessLog.loggedPath("/console/13800138000", fields));
        assertTrue(fields.isEmpty(), "no id field from a console path");
        assertEquals("/console/", AccessLog.loggedPath("/console/", fields));
        assertEquals("other", AccessLog.loggedPath("/console13800138000", fields));
    }
}
