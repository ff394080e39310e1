package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-key token bucket: a burst over the limit gets 429 problem+json with an honest
 * Retry-After, while other keys (the same tenant's or another's) go on unaffected.
 */
class RateLimitIT {

    private static final String PATH = "/v1/policy";
    private static KeysFile keys;
    private static TestService service;

    @BeforeAll
    static void start() {
        // A1 and B1 share a name on purpose: names are free text, and must not share a bucket
        keys = new KeysFile()
                .add("A1", "tenant-a", "policy", "production")
                .add("A2", "tenant-a", "policy", "batch-jobs")
                .add("B1", "tenant-b", "policy", "production")
                .write();
        // 1 token a second refills far slower than the burst below is sent, so the count is exact
        service = TestService.start(
                Map.of("api-keys-file", keys.path().toString(), "rate-limit-per-second", "1", "rate-limit-burst", "5"));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aBurstOverTheLimitIs429AndOtherKeysAreUnaffected() throws Exception {
        List<TestService.Response> burst = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            burst.add(service.send("GET", PATH, null, keys.bearer("A1")));
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 1000, "the burst must be faster than one refill to be exact; took " + millis + " ms");

        for (int i = 0; i < 5; i++) {
            assertEquals(200, burst.get(i).status(), "request " + (i + 1) + " is within the burst");
        }
        for (int i = 5; i < 8; i++) {
            TestService.Response r = burst.get(i);
            assertEquals(429, r.status(), "request " + (i + 1) + " is over the burst");
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
            assertEquals(429, r.json().getInteger("status"));
            assertEquals("1", r.header("Retry-After"), "1 token a second: retry after 1 s");
        }

        // at the same moment: another key of the same tenant, and another tenant's key of the same name
        assertEquals(200, service.send("GET", PATH, null, keys.bearer("A2")).status());
        assertEquals(200, service.send("GET", PATH, null, keys.bearer("B1")).status());
        assertEquals(429, service.send("GET", PATH, null, keys.bearer("A1")).status(), "A1 is still over");

        // Retry-After is honest: after it, the key may send again
        Thread.sleep(1_100);
        assertEquals(200, service.send("GET", PATH, null, keys.bearer("A1")).status());
    }
}
