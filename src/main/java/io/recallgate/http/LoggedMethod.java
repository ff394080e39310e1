package io.recallgate.http;

import io.vertx.core.http.HttpMethod;
import java.util.Set;

/**
 * The request method as a log may show it. A method is a token the client chooses (up to the
 * request line's 4 KiB), so anything but a standard method is logged as {@code other}.
 */
final class LoggedMethod {

    private static final Set<String> STANDARD =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private LoggedMethod() {}

    static String of(HttpMethod method) {
        String name = method == null ? null : method.name();
        return name != null && STANDARD.contains(name) ? name : "other";
    }
}
