package io.recallgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §6: what one client can make the service hold is bounded by default — connections,
 * request bodies in memory, and the time a request head or body may take (slowloris). The limits
 * are set low here so that each is reached quickly; README "Limits" gives the defaults.
 */
class HttpLimitsIT {

    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(Map.of(
                "http-max-connections", "8",
                "http-body-memory-mb", "1",
                "http-header-timeout-seconds", "2",
                "http-body-timeout-seconds", "2"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", service.port()), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Seconds until the server closes {@code s} (reading and discarding), or -1 after {@code max}. */
    private static double secondsUntilClosed(Socket s, int maxSeconds) throws IOException {
        long start = System.nanoTime();
        s.setSoTimeout(maxSeconds * 1000);
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // discard
            }
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            // reset: closed too
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(300); // the server counts a closed connection when it sees the close
    }

    @Test
    void aRequestHeadSentOneByteAtATimeIsCutOff() throws Exception {
        try (Socket s = connect()) {
            write(s, "GET /health/live HTTP/1.1\r\nHost: x\r\n");
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 20 && !closed; i++) { // Vert.x's idle timeout alone never fires: a byte a second
                Thread.sleep(500);
                try {
                    write(s, "X-Slow-" + i + ": y\r\n");
                } catch (IOException e) {
                    closed = true;
                }
            }
            double seconds = closed ? (System.nanoTime() - start) / 1e9 : secondsUntilClosed(s, 1);
            assertTrue(seconds >= 0 && seconds < 6, "closed after " + seconds + " s");
        }
        settle();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout() throws Exception {
        try (Socket s = connect()) {
            double seconds = secondsUntilClosed(s, 8);
            assertTrue(seconds >= 1.5 && seconds < 6, "closed after " + seconds + " s");
        }
        settle();
    }

    @Test
    void aBodySentTooSlowlyIsA408() throws Exception {
        try (Socket s = connect()) {
            write(
                    s,
                    "POST /v1/holds HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
            long start = System.nanoTime();
            RawHttp.Response r = null;
            for (int i = 0; i < 20; i++) {
                Thread.sleep(250);
                try {
                    write(s, " ");
                } catch (IOException e) {
                    break;
                }
                if (s.getInputStream().available() > 0) {
                    break;
                }
            }
            r = RawHttp.read(s.getInputStream());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(408, r.status(), r.toString());
            assertTrue(r.isProblem(), r.toString());
            assertTrue(seconds < 6, seconds + " s");
        }
        settle();
    }

    @Test
    void bodiesHeldInMemoryAreBoundedAcrossConnections() throws Exception {
        List<Socket> holding = new ArrayList<>();
        try {
            // 1 MiB holds four bodies of the 256 KiB limit; each of these announces one and sends nothing yet
            for (int i = 0; i < 4; i++) {
                Socket s = connect();
                holding.add(s);
                write(
                        s,
                        "POST /v1/recall-decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 262144\r\n\r\n");
            }
            Thread.sleep(300);
            String body = Requests.recall("after_sales", "hi", 30).encode();
            RawHttp.Response r = RawHttp.send(
                    service.port(),
                    ("POST /v1/recall-decisions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: " + body.length() + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.UTF_8),
                    10_000);
            assertEquals(503, r.status(), r.toString());
            assertTrue(r.isProblem(), r.toString());
            assertEquals("1", r.header("retry-after"));
            // requests without a body are not held back
            assertEquals(
                    200,
                    RawHttp.send(service.port(), "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                            .status());
        } finally {
            for (Socket s : holding) {
                s.close();
            }
        }
        settle();
        String ok = Requests.recall("after_sales", "hi", 30).encode();
        RawHttp.Response r = RawHttp.send(
                service.port(),
                "POST /v1/recall-decisions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + ok.length() + "\r\n\r\n" + ok);
        assertEquals(200, r.status(), r.toString());
    }

    @Test
    void connectionsBeyondTheMaximumAreClosedAtOnce() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket s = connect();
                open.add(s);
                write(s, "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"); // keep-alive: it stays open
                assertEquals(200, RawHttp.read(s.getInputStream()).status());
            }
            try (Socket extra = connect()) {
                double seconds = secondsUntilClosed(extra, 5);
                assertTrue(seconds >= 0 && seconds < 1, "the ninth was closed after " + seconds + " s");
            }
            open.remove(0).close();
            settle();
            try (Socket s = connect()) {
                write(s, "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(200, RawHttp.read(s.getInputStream()).status());
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
        settle();
    }
}
