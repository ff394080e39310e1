package io.recallgate.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no HTTP client library would send: broken request
 * lines, bad escapes, huge headers, garbage chunks, bodies sent slowly.
 */
final class RawHttp {

    private RawHttp() {}

    /** The first response on a connection; {@code status} -1 when none came before it closed or timed out. */
    record Response(int status, Map<String, String> headers, String body, boolean closed) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean isProblem() {
            String type = header("content-type");
            return type != null && type.startsWith("application/problem+json") && body.startsWith("{");
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    static Response send(int port, byte[] request, int timeoutMillis) throws IOException {
        boolean head = new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1).equals("HEAD ");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before it read everything (e.g. 431): read what came
            }
            return read(s.getInputStream(), head);
        }
    }

    static Response send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1), 10_000);
    }

    static Response read(InputStream in) throws IOException {
        return read(in, false);
    }

    /**
     * Reads one final response (interim 1xx ones are skipped): head, then a Content-Length body
     * unless it answers a HEAD request.
     */
    static Response read(InputStream in, boolean toHead) throws IOException {
        Response r = readOne(in, toHead);
        while (r.status() >= 100 && r.status() < 200) {
            r = readOne(in, toHead);
        }
        return r;
    }

    private static Response readOne(InputStream in, boolean toHead) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        try {
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    return new Response(-1, Map.of(), head.toString(StandardCharsets.ISO_8859_1), true);
                }
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1
                        : (b == '\r' ? 1 : 0);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            return new Response(-1, Map.of(), head.toString(StandardCharsets.ISO_8859_1), false);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = headers.get("content-length");
        if (length != null && !toHead && !(status >= 100 && status < 200)) {
            int n = Integer.parseInt(length);
            for (int i = 0; i < n; i++) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                body.write(b);
            }
        }
        boolean closed = false;
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            try {
                closed = in.read() < 0;
            } catch (IOException e) {
                closed = true;
            }
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8), closed);
    }
}
