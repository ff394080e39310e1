package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * API keys, roles and tenants (API.md, "Authentication") against the real server: a 401/403/2xx
 * matrix for every {@code /v1} endpoint and role, tenant isolation (another tenant's data is 404,
 * never visible, never affected), the open operational endpoints, and the keys file reloading
 * while the service runs. The service binds 0.0.0.0, which it may only do with a keys file;
 * requests still go to 127.0.0.1.
 */
class AccessControlIT {

    private static final String A = "tenant-a";
    private static final String B = "tenant-b";
    private static final String C = "tenant-c";
    private static final List<String> A_ROLES = List.of("platform", "dispute", "policy", "auditor");

    private static KeysFile keys;
    private static TestService service;

    @BeforeAll
    static void start() {
        keys = new KeysFile()
                .add("A-platform", A, "platform")
                .add("A-dispute", A, "dispute")
                .add("A-policy", A, "policy")
                .add("A-auditor", A, "auditor")
                .add("B-platform", B, "platform")
                .add("B-dispute", B, "dispute")
                .add("B-auditor", B, "auditor")
                .add("C-dispute", C, "dispute") // only the active-holds test places holds in C
                .add("late", A, "platform") // only written by the reload test
                .writeWithout("late");
        service = TestService.start(Map.of("api-keys-file", keys.path().toString(), "http-host", "0.0.0.0"));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    // ------------------------------------------------------------------ the matrix

    /** One endpoint: how to call it, the roles that may, and the success status. */
    private record Endpoint(
            String name,
            String method,
            Supplier<String> path,
            Supplier<String> body,
            Set<String> allowed,
            int success) {}

    private static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint(
                        "decide",
                        "POST",
                        () -> "/v1/recall-decisions",
                        () -> Requests.recall("after_sales", "hi", 10).encode(),
                        Set.of("platform"),
                        200),
                new Endpoint(
                        "preview",
                        "POST",
                        () -> "/v1/recall-decisions",
                        () -> Requests.recall("after_sales", "hi", 10)
                                .put("mode", "preview")
                                .encode(),
                        Set.of("platform"),
                        200),
                new Endpoint(
                        "batch",
                        "POST",
                        () -> "/v1/recall-decisions/batch",
                        () -> new JsonObject()
                                .put("requests", new JsonArray().add(Requests.recall("after_sales", "hi", 10)))
                                .encode(),
                        Set.of("platform"),
                        200),
                new Endpoint(
                        "read decision",
                        "GET",
                        () -> "/v1/recall-decisions/" + decisionOf("A-platform"),
                        () -> null,
                        Set.of("platform", "auditor"),
                        200),
                new Endpoint(
                        "find decisions",
                        "GET",
                        () -> storedMessageQuery("A-platform"),
                        () -> null,
                        Set.of("platform", "auditor"),
                        200),
                new Endpoint(
                        "place hold",
                        "POST",
                        () -> "/v1/holds",
                        () -> hold("c-" + UUID.randomUUID()).encode(),
                        Set.of("dispute"),
                        201),
                new Endpoint(
                        "list holds", "GET", () -> "/v1/holds?conversationId=c-1", () -> null, Set.of("dispute"), 200),
                new Endpoint("list active holds", "GET", () -> "/v1/holds", () -> null, Set.of("dispute"), 200),
                new Endpoint(
                        "release hold",
                        "POST",
                        () -> "/v1/holds/" + holdOf("A-dispute", "c-" + UUID.randomUUID()) + "/release",
                        () -> new JsonObject().put("releasedBy", "agent-1").encode(),
                        Set.of("dispute"),
                        200),
                new Endpoint("policy status", "GET", () -> "/v1/policy", () -> null, Set.of("policy"), 200),
                new Endpoint("policy reload", "POST", () -> "/v1/policy/reload", () -> "{}", Set.of("policy"), 200),
                new Endpoint(
                        "policy versions",
                        "GET",
                        () -> "/v1/policy/versions",
                        () -> null,
                        Set.of("policy", "auditor"),
                        200),
                new Endpoint(
                        "policy version",
                        "GET",
                        () -> "/v1/policy/versions/"
                                + service.send("GET", "/v1/policy", null, keys.bearer("A-policy"))
                                        .json()
                                        .getString("version"),
                        () -> null,
                        Set.of("policy", "auditor"),
                        200),
                new Endpoint(
                        "policy impact",
                        "POST",
                        () -> "/v1/policy/impact",
                        () -> new JsonObject()
                                .put("files", PolicyImpactIT.folder(java.nio.file.Path.of("rules")))
                                .encode(),
                        Set.of("policy"),
                        200),
                new Endpoint(
                        "decision report",
                        "GET",
                        () -> "/v1/reports/decisions?interval=week",
                        () -> null,
                        Set.of("auditor"),
                        200),
                new Endpoint("audit verify", "GET", () -> "/v1/audit/verify", () -> null, Set.of("auditor"), 200),
                new Endpoint(
                        "checkpoint",
                        "GET",
                        () -> "/v1/audit/checkpoint",
                        () -> null,
                        Set.of("platform", "auditor"),
                        200),
                new Endpoint(
                        "log key", "GET", () -> "/v1/audit/log-key", () -> null, Set.of("platform", "auditor"), 200),
                new Endpoint(
                        "inclusion proof",
                        "GET",
                        AccessControlIT::inclusionPath,
                        () -> null,
                        Set.of("platform", "auditor"),
                        200),
                new Endpoint(
                        "consistency proof",
                        "GET",
                        () -> "/v1/audit/proof/consistency?from=0&to=0",
                        () -> null,
                        Set.of("platform", "auditor"),
                        200));
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointChecksKeyAndRole() {
        return endpoints().stream()
                .map(e -> DynamicTest.dynamicTest(e.name(), () -> {
                    String path = e.path().get();

                    TestService.Response none =
                            service.send(e.method(), path, e.body().get(), Map.of());
                    assertUnauthorized(none, e.name() + " without a key");

                    TestService.Response unknown = service.send(
                            e.method(),
                            path,
                            e.body().get(),
                            Map.of("Authorization", "Bearer rg_" + UUID.randomUUID()));
                    assertUnauthorized(unknown, e.name() + " with an unknown key");

                    TestService.Response notBearer = service.send(
                            e.method(),
                            path,
                            e.body().get(),
                            Map.of(
                                    "Authorization",
                                    "Basic "
                                            + keys.key("A-"
                                                    + e.allowed().iterator().next())));
                    assertUnauthorized(notBearer, e.name() + " with a key that is not a bearer token");

                    for (String role : A_ROLES) {
                        TestService.Response r = service.send(
                                e.method(), e.path().get(), e.body().get(), keys.bearer("A-" + role));
                        if (e.allowed().contains(role)) {
                            assertEquals(e.success(), r.status(), e.name() + " as " + role + ": " + r.body());
                        } else {
                            assertEquals(403, r.status(), e.name() + " as " + role + ": " + r.body());
                            assertProblem(r, 403);
                        }
                    }
                }));
    }

    @Test
    void operationalEndpointsNeedNoKey() {
        assertEquals(200, service.get("/health/live").status());
        assertEquals(200, service.get("/health/ready").status());
        TestService.Response metrics = service.get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("recallgate_"));
        TestService.Response contract = service.get("/openapi.yaml");
        assertEquals(200, contract.status());
        assertTrue(contract.body().startsWith("openapi: 3.1"));
    }

    @Test
    void unknownV1RoutesNeedAKeyToo() {
        assertUnauthorized(service.get("/v1/nothing-here"), "unknown route without a key");
        TestService.Response r = service.send("GET", "/v1/nothing-here", null, keys.bearer("A-platform"));
        assertEquals(404, r.status());
        assertProblem(r, 404);
    }

    @Test
    void theServiceListensOnEveryAddress() throws Exception {
        // 127.0.0.2 is a loopback address too, but a server bound to 127.0.0.1 only would refuse it:
        // a connection there proves the wildcard bind (no request is sent to it)
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.2", service.port()), 2000);
            assertTrue(s.isConnected());
        }
    }

    // ------------------------------------------------------------------ tenants

    @Test
    void anotherTenantsDecisionIsNotFound() {
        JsonObject request = Requests.recall("after_sales", "hello", 10);
        String id = decide("B-platform", request).getString("decisionId");

        assertEquals(
                200,
                service.send("GET", "/v1/recall-decisions/" + id, null, keys.bearer("B-platform"))
                        .status());
        assertEquals(
                200,
                service.send("GET", "/v1/recall-decisions/" + id, null, keys.bearer("B-auditor"))
                        .status());
        for (String reader : List.of("A-platform", "A-auditor")) {
            TestService.Response r = service.send("GET", "/v1/recall-decisions/" + id, null, keys.bearer(reader));
            assertEquals(404, r.status(), reader + ": " + r.body());
            assertProblem(r, 404);
            assertTrue(!r.body().contains(request.getString("conversationId")), r.body());
        }
        String byMessage = "/v1/recall-decisions?conversationId=" + request.getString("conversationId") + "&messageId="
                + Requests.message(request).getString("id");
        assertEquals(
                id,
                service.send("GET", byMessage, null, keys.bearer("B-auditor"))
                        .json()
                        .getString("decisionId"));
        TestService.Response other = service.send("GET", byMessage, null, keys.bearer("A-auditor"));
        assertEquals(404, other.status(), other.body());
        // a role without the permission is still told 403 (not 404): roles are checked first
        assertEquals(
                403,
                service.send("GET", "/v1/recall-decisions/" + id, null, keys.bearer("A-dispute"))
                        .status());
    }

    @Test
    void holdsBelongToTheirTenant() {
        String conversation = "c-x-" + UUID.randomUUID();
        String bHold = holdOf("B-dispute", conversation);

        // A's listing of the same conversation id shows nothing of B's
        assertEquals(0, listHolds("A-dispute", conversation).size());
        assertEquals(1, listHolds("B-dispute", conversation).size());

        // A cannot release B's hold, and trying leaves it active
        TestService.Response release = service.send(
                "POST",
                "/v1/holds/" + bHold + "/release",
                new JsonObject().put("releasedBy", "mallory").encode(),
                keys.bearer("A-dispute"));
        assertEquals(404, release.status(), release.body());
        assertProblem(release, 404);
        JsonObject stillHeld = listHolds("B-dispute", conversation).getJsonObject(0);
        assertEquals(bHold, stillHeld.getString("holdId"));
        assertNull(stillHeld.getValue("releasedAt"));
        assertNull(stillHeld.getValue("releasedBy"));

        // B's hold freezes B's decisions only
        JsonObject request = Requests.recall("after_sales", "hello", 10).put("conversationId", conversation);
        assertEquals("DISPUTE_FROZEN", code(decide("B-platform", request.copy())));
        assertEquals("WITHIN_WINDOW", code(decide("A-platform", request.copy())));
    }

    /**
     * {@code GET /v1/holds} without a conversation: the tenant's active holds only, newest first,
     * page by page through {@code next}; a released hold leaves the list; another tenant's never
     * enter it; a bad limit or cursor is a 400 naming each.
     */
    @Test
    void activeHoldsAreListedNewestFirstPageByPageWithinTheTenant() {
        List<String> placed = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            placed.add(holdOf("C-dispute", "c-active-" + i + "-" + UUID.randomUUID()));
        }
        String released = placed.remove(2);
        TestService.Response release = service.send(
                "POST",
                "/v1/holds/" + released + "/release",
                new JsonObject().put("releasedBy", "agent-7").encode(),
                keys.bearer("C-dispute"));
        assertEquals(200, release.status(), release.body());
        String foreign = holdOf("B-dispute", "c-active-b-" + UUID.randomUUID());
        List<String> newestFirst = new java.util.ArrayList<>(placed);
        java.util.Collections.reverse(newestFirst);

        // one page: everything active, newest first, and no next page
        JsonObject all = activeHolds("C-dispute", "");
        assertEquals(newestFirst, holdIds(all));
        assertNull(all.getValue("next"));
        assertTrue(all.containsKey("next"), "next is null, not absent, on the last page");
        for (Object h : all.getJsonArray("holds")) {
            assertNull(((JsonObject) h).getValue("releasedAt"));
        }

        // pages of 3 then 1, through the cursor
        JsonObject first = activeHolds("C-dispute", "?limit=3");
        assertEquals(newestFirst.subList(0, 3), holdIds(first));
        assertNotNull(first.getString("next"));
        JsonObject second = activeHolds("C-dispute", "?limit=3&cursor=" + first.getString("next"));
        assertEquals(newestFirst.subList(3, 4), holdIds(second));
        assertNull(second.getValue("next"));

        // a page that ends exactly at the last hold says there is no more
        assertNull(activeHolds("C-dispute", "?limit=4").getValue("next"));

        // releasing the newest one takes it off the list; the next page still starts where it was
        service.send(
                "POST",
                "/v1/holds/" + newestFirst.get(0) + "/release",
                new JsonObject().put("releasedBy", "agent-7").encode(),
                keys.bearer("C-dispute"));
        assertEquals(newestFirst.subList(1, 4), holdIds(activeHolds("C-dispute", "")));
        assertEquals(
                newestFirst.subList(3, 4),
                holdIds(activeHolds("C-dispute", "?limit=3&cursor=" + first.getString("next"))));

        // another tenant: neither sees the other's holds, even with the other's cursor
        List<String> bList = holdIds(activeHolds("B-dispute", "?limit=1000"));
        assertTrue(bList.contains(foreign));
        for (String id : placed) {
            assertTrue(!bList.contains(id), "B sees C's hold " + id);
        }
        assertTrue(!holdIds(activeHolds("C-dispute", "?limit=1000")).contains(foreign));
        assertTrue(!holdIds(activeHolds("A-dispute", "?limit=1000")).contains(foreign));
        assertTrue(
                !holdIds(activeHolds("B-dispute", "?cursor=" + first.getString("next"))).stream()
                        .anyMatch(placed::contains),
                "a cursor of C's pages B's own holds only");

        // bad parameters: each one named
        for (String bad : List.of("0", "1001", "-1", "ten", "1.5", "", "99999999999999999999")) {
            TestService.Response r = service.send("GET", "/v1/holds?limit=" + bad, null, keys.bearer("C-dispute"));
            assertProblem(r, 400);
            assertEquals(Set.of("/query/limit"), pointersOf(r.json()), "limit=" + bad);
        }
        for (String bad : List.of("x", "", "AAAA", first.getString("next") + "A", "%2B" + first.getString("next"))) {
            TestService.Response r = service.send("GET", "/v1/holds?cursor=" + bad, null, keys.bearer("C-dispute"));
            assertProblem(r, 400);
            assertEquals(Set.of("/query/cursor"), pointersOf(r.json()), "cursor=" + bad);
        }
        TestService.Response both =
                service.send("GET", "/v1/holds?limit=0&cursor=nope", null, keys.bearer("C-dispute"));
        assertEquals(Set.of("/query/limit", "/query/cursor"), pointersOf(both.json()));
        TestService.Response unknown = service.send("GET", "/v1/holds?limt=5", null, keys.bearer("C-dispute"));
        assertEquals(Set.of("/query"), pointersOf(unknown.json()));
    }

    @Test
    void oneTenantsHoldDoesNotFreezeAnotherTenantsConversation() {
        String conversation = "c-x-" + UUID.randomUUID();
        holdOf("A-dispute", conversation);
        JsonObject request = Requests.recall("after_sales", "hello", 10).put("conversationId", conversation);
        assertEquals("DISPUTE_FROZEN", code(decide("A-platform", request.copy())));
        JsonObject b = decide("B-platform", request.copy());
        assertEquals("allow", b.getString("outcome"));
        assertEquals("WITHIN_WINDOW", code(b));
    }

    @Test
    void requestIdsAreScopedToTheTenant() {
        String requestId = "shared-" + UUID.randomUUID();
        JsonObject request = Requests.recall("after_sales", "hello", 10).put("requestId", requestId);
        JsonObject b = decide("B-platform", request.copy());
        JsonObject a = decide("A-platform", request.copy());
        assertNotEquals(b.getString("decisionId"), a.getString("decisionId"));
        // each tenant's retry still returns its own first decision
        assertEquals(
                b.getString("decisionId"), decide("B-platform", request.copy()).getString("decisionId"));
        assertEquals(
                a.getString("decisionId"), decide("A-platform", request.copy()).getString("decisionId"));
        JsonObject storedA = service.send(
                        "GET", "/v1/recall-decisions/" + a.getString("decisionId"), null, keys.bearer("A-auditor"))
                .json();
        assertEquals(A, storedA.getString("tenant"));
        assertEquals(
                404,
                service.send("GET", "/v1/recall-decisions/" + a.getString("decisionId"), null, keys.bearer("B-auditor"))
                        .status());
    }

    // ------------------------------------------------------------------ the keys file reloads

    @Test
    void theKeysFileReloadsWhileRunning() throws Exception {
        String original = keys.content();
        try {
            String probe = storedMessageQuery("A-platform");
            assertEquals(
                    401, service.send("GET", probe, null, keys.bearer("late")).status());

            keys.write(); // every key, "late" included
            long added = System.nanoTime();
            awaitStatus(probe, "late", 200, 6_000);
            long seconds = (System.nanoTime() - added) / 1_000_000_000L;
            assertTrue(seconds <= 5, "a new key works within a few seconds, took " + seconds + " s");

            // a broken file is not taken: the keys in force stay
            keys.writeRaw(keys.content() + "this line is not a key\n");
            Thread.sleep(4_500); // two reload periods
            assertEquals(
                    200, service.send("GET", probe, null, keys.bearer("late")).status());
            assertEquals(
                    200,
                    service.send("GET", probe, null, keys.bearer("A-platform")).status());

            keys.writeWithout("late");
            awaitStatus(probe, "late", 401, 6_000);
            assertEquals(
                    200,
                    service.send("GET", probe, null, keys.bearer("A-platform")).status());
        } finally {
            keys.writeRaw(original);
        }
    }

    private static void awaitStatus(String path, String label, int status, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        int last;
        do {
            last = service.send("GET", path, null, keys.bearer(label)).status();
            if (last == status) {
                return;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        assertEquals(status, last, "key " + label + " after " + millis + " ms");
    }

    // ------------------------------------------------------------------ helpers

    private static void assertUnauthorized(TestService.Response r, String what) {
        assertEquals(401, r.status(), what + ": " + r.body());
        assertProblem(r, 401);
        String challenge = r.header("WWW-Authenticate");
        assertNotNull(challenge, what + ": WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer"), challenge);
    }

    private static void assertProblem(TestService.Response r, int status) {
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals(status, r.json().getInteger("status"));
        assertNotNull(r.json().getString("title"));
    }

    private static JsonObject decide(String label, JsonObject request) {
        TestService.Response r = service.send("POST", "/v1/recall-decisions", request.encode(), keys.bearer(label));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static String decisionOf(String label) {
        return decide(label, Requests.recall("after_sales", "hi", 10)).getString("decisionId");
    }

    /** The inclusion proof of a decision just stored for tenant A, in the tree that ends with it. */
    private static String inclusionPath() {
        String id = decisionOf("A-platform");
        long index = service.send("GET", "/v1/recall-decisions/" + id, null, keys.bearer("A-auditor"))
                .json()
                .getLong("logIndex");
        return "/v1/audit/proof/inclusion?decisionId=" + id + "&treeSize=" + (index + 1);
    }

    /** {@code GET /v1/recall-decisions?conversationId&messageId} of a decision just stored for the key's tenant. */
    private static String storedMessageQuery(String label) {
        JsonObject request = Requests.recall("after_sales", "hi", 10);
        decide(label, request);
        return "/v1/recall-decisions?conversationId=" + request.getString("conversationId") + "&messageId="
                + Requests.message(request).getString("id");
    }

    private static JsonObject hold(String conversation) {
        return new JsonObject()
                .put("conversationId", conversation)
                .put("reason", "dispute")
                .put("placedBy", "agent-7");
    }

    private static String holdOf(String label, String conversation) {
        TestService.Response r =
                service.send("POST", "/v1/holds", hold(conversation).encode(), keys.bearer(label));
        assertEquals(201, r.status(), r.body());
        return r.json().getString("holdId");
    }

    private static JsonArray listHolds(String label, String conversation) {
        TestService.Response r =
                service.send("GET", "/v1/holds?conversationId=" + conversation, null, keys.bearer(label));
        assertEquals(200, r.status(), r.body());
        return r.json().getJsonArray("holds");
    }

    private static JsonObject activeHolds(String label, String query) {
        TestService.Response r = service.send("GET", "/v1/holds" + query, null, keys.bearer(label));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static List<String> holdIds(JsonObject page) {
        return page.getJsonArray("holds").stream()
                .map(h -> ((JsonObject) h).getString("holdId"))
                .toList();
    }

    private static Set<String> pointersOf(JsonObject problem) {
        Set<String> out = new java.util.HashSet<>();
        for (Object e : problem.getJsonArray("errors")) {
            out.add(((JsonObject) e).getString("pointer"));
        }
        return out;
    }

    private static String code(JsonObject decision) {
        return decision.getJsonArray("reasons").getJsonObject(0).getString("code");
    }
}
