package io.recallgate.client;

import java.net.URI;

/** The {@code --url} of a client command: the service's base URL, without a trailing slash. */
final class ServiceUrl {

    private ServiceUrl() {}

    /** @throws IllegalArgumentException with the sentence to show when {@code url} is absent or no http(s) URL */
    static URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("--url is required (the service, e.g. http://127.0.0.1:8080)");
        }
        URI base;
        try {
            base = URI.create(url.trim().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url is not a URL");
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("--url must be an http:// or https:// URL");
        }
        return base;
    }
}
