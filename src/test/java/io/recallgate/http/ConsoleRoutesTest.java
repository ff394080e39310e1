package io.recallgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The console's paths in logs and metrics: a template, never the text a client put in the address. */
class ConsoleRoutesTest {

    @Test
    void consolePathsAreLoggedAsTheirTemplate() {
        assertEquals("/console", ConsoleRoutes.loggedPath("/console"));
        assertEquals("/console/", ConsoleRoutes.loggedPath("/console/"));
        assertEquals("/console/{file}", ConsoleRoutes.loggedPath("/console/console.js"));
        assertEquals(
                "/console/{file}", ConsoleRoutes.loggedPath("/console/vendor/echarts-5.3.1/echarts.common.min.js"));
        assertEquals("/console/{file}", ConsoleRoutes.loggedPath("/console/6222021001123456789"));
        assertNull(ConsoleRoutes.loggedPath("/consoles"));
        assertNull(ConsoleRoutes.loggedPath("/v1/policy"));
    }

    @Test
    void theAccessLogUsesThem() {
        JsonObject fields = new JsonObject();
        assertEquals("/console/{file}", AccessLog.loggedPath("/console/13800138000", fields));
        assertTrue(fields.isEmpty(), "no id field from a console path");
        assertEquals("/console/", AccessLog.loggedPath("/console/", fields));
        assertEquals("other", AccessLog.loggedPath("/console13800138000", fields));
    }

    @Test
    void thePageMayRunOnlyItsOwnFiles() {
        String csp = ConsoleRoutes.CONTENT_SECURITY_POLICY;
        assertTrue(csp.startsWith("default-src 'none';"), csp);
        assertTrue(csp.contains("script-src 'self';") && csp.contains("style-src 'self';"), csp);
        assertTrue(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
        assertTrue(csp.contains("connect-src 'self';") && csp.contains("frame-ancestors 'none'"), csp);
    }
}
