package io.recallgate.http.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Every file the page loads is in the jar: the ECharts bundle's path carries the version the pom pins. */
    @Test
    void everyScriptAndStyleThePageLoadsIsInTheJar() throws Exception {
        String html;
        try (var in = ConsoleRoutes.class.getResourceAsStream("/" + ConsoleRoutes.WEB_ROOT + "/index.html")) {
            html = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        var m = java.util.regex.Pattern.compile("(?:src|href)=\"([^\":]+)\"").matcher(html);
        int files = 0;
        while (m.find()) {
            String path = "/" + ConsoleRoutes.WEB_ROOT + "/" + m.group(1);
            assertTrue(ConsoleRoutes.class.getResource(path) != null, path + " is in the jar");
            files++;
        }
        assertEquals(5, files, "the ECharts bundle, three scripts and the style sheet");
        assertTrue(!html.contains("<script>") && !html.contains(" style="), "no inline script or style");
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
