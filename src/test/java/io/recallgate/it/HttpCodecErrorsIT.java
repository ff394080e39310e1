package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §4: every error is problem+json (API.md "Errors"), whatever produced it — the HTTP
 * codec, routing, the body handler — and a 5xx only for the service's own faults. Each case
 * here was a 500, a bare body or a 404 before.
 */
class HttpCodecErrorsIT {

    private static TestService service;
    private static int port;

    @BeforeAll
    static void start() {
        service = TestService.start();
        port = service.port();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static RawHttp.Response send(String request) throws IOException {
        return RawHttp.send(port, request);
    }

    private static JsonObject problem(RawHttp.Response r, int status) {
        assertEquals(status, r.status(), r.toString());
        assertTrue(r.isProblem(), r.toString());
        JsonObject p = new JsonObject(r.body());
        assertEquals(status, p.getInteger("status"), r.toString());
        assertTrue(p.containsKey("type") && p.containsKey("title"), r.toString());
        assertFalse(p.containsKey("instance"), "a problem never echoes the URL: " + r);
        return p;
    }

    private static String pointer(JsonObject problem) {
        return problem.getJsonArray("errors").getJsonObject(0).getString("pointer");
    }

    @Test
    void malformedEscapesInAPathIdOrAQueryAreFourHundreds() throws IOException {
        // were: a bare "Bad Request" (path) and an error in the router's error handler
        assertEquals("/path", pointer(problem(send("GET /v1/recall-decisions/%zz HTTP/1.1\r\nHost: x\r\n\r\n"), 400)));
        assertEquals("/path", pointer(problem(send("GET /v1/recall-decisions/%4 HTTP/1.1\r\nHost: x\r\n\r\n"), 400)));
        assertEquals(
                "/query", pointer(problem(send("GET /v1/holds?conversationId=%zz HTTP/1.1\r\nHost: x\r\n\r\n"), 400)));
        // percent-escapes that are not UTF-8 would become U+FFFD: two ids would be one
        assertEquals(
                "/query", pointer(problem(send("GET /v1/holds?conversationId=c%ff HTTP/1.1\r\nHost: x\r\n\r\n"), 400)));
        assertEquals(
                "/path",
                pointer(problem(
                        send("POST /v1/holds/h%ed%a0%80/release HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
                        400)));
        // well-formed escapes still work
        assertEquals(
                200,
                send("GET /v1/holds?conversationId=c%E5%8D%A1 HTTP/1.1\r\nHost: x\r\n\r\n")
                        .status());
    }

    @Test
    void aGetWithAFormOrMultipartBodyIsA415() throws IOException {
        // was 500: Vert.x refuses to decode a form on GET with an exception
        problem(
                send("GET /v1/holds?conversationId=a HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=b"),
                415);
        problem(
                send("GET /v1/holds?conversationId=a HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 5\r\n\r\nhello"),
                415);
    }

    @Test
    void aBodyThatIsNotJsonIsA415() throws IOException {
        String body = "{\"conversationId\":\"c-1\",\"reason\":\"r\",\"placedBy\":\"p\"}";
        for (String type : new String[] {
            "Content-Type: text/plain\r\n",
            "",
            "Content-Type: application/json; charset=iso-8859-1\r\n",
            "Content-Type: application/json\r\nContent-Encoding: gzip\r\n",
            "Content-Type: multipart/form-data; boundary=x\r\n"
        }) {
            problem(
                    send("POST /v1/holds HTTP/1.1\r\nHost: x\r\n" + type + "Content-Length: " + body.length()
                            + "\r\n\r\n" + body),
                    415);
        }
        assertEquals(
                201,
                send("POST /v1/holds HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=UTF-8\r\n"
                                + "Content-Length: " + body.length() + "\r\n\r\n" + body)
                        .status());
    }

    @Test
    void codecErrorsAreProblemsAndTheConnectionIsClosed() throws IOException {
        // 414, 431, 400 were bare bodies; an unknown HTTP version was an empty 501
        RawHttp.Response r = send("GET /v1/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        problem(r, 414);
        assertEquals("close", r.header("connection"));
        problem(send("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n"), 431);
        problem(send("GET /health/live HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"), 400);
        problem(send("G@T /health/live HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
        for (String version : new String[] {"HTTP/1.2", "HTTP/0.9", "HTTP/2.0", "HTTP/9.9"}) {
            problem(send("GET /health/live " + version + "\r\nHost: x\r\n\r\n"), 400);
        }
        problem(send("GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"), 400);
        problem(send("GET /health/live HTTP/1.1\r\n\r\n"), 400); // HTTP/1.1 without Host
    }

    @Test
    void anExpectationOtherThanContinueIsA417Problem() throws IOException {
        problem(
                send("POST /v1/holds HTTP/1.1\r\nHost: x\r\nExpect: the-unexpected\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"),
                417);
    }

    @Test
    void aBrokenChunkIsAFourHundredProblem() throws IOException {
        // was: no answer at all, and a SEVERE "Unhandled exception in router" with a stack trace
        RawHttp.Response r = send("POST /v1/holds HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        problem(r, 400);
    }

    @Test
    void aKnownPathWithAnotherMethodIsA405WithAllow() throws IOException {
        // was 404
        RawHttp.Response r = send("DELETE /v1/recall-decisions HTTP/1.1\r\nHost: x\r\n\r\n");
        problem(r, 405);
        assertEquals("GET, POST", r.header("allow"));
        r = send("GET /v1/holds/h-1/release HTTP/1.1\r\nHost: x\r\n\r\n");
        problem(r, 405);
        assertEquals("POST", r.header("allow"));
        r = send("PUT /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        problem(r, 405);
        assertEquals("GET", r.header("allow"));
        r = send("FROBNICATE /v1/recall-decisions/batch HTTP/1.1\r\nHost: x\r\n\r\n");
        problem(r, 405);
        assertEquals("POST", r.header("allow"));
        r = send("GET /v1/no-such-thing HTTP/1.1\r\nHost: x\r\n\r\n");
        problem(r, 404);
        assertNull(r.header("allow"));
    }

    @Test
    void errorsNeverEchoTheUrl() throws IOException {
        String card = "6222021001123456789";
        for (String target : new String[] {
            "/v1/" + card, "/v1/recall-decisions/" + card, "/v1/holds?conversationId=%zz" + card, "/" + card + "%zz"
        }) {
            RawHttp.Response r = send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(r.status() >= 400 && r.status() < 500, r.toString());
            assertFalse(r.body().contains(card), r.toString());
        }
        RawHttp.Response r = send(card + " /v1/holds HTTP/1.1\r\nHost: x\r\n\r\n");
        assertFalse(r.body().contains(card), r.toString());
    }
}
