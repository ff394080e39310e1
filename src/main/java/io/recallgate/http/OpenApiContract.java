package io.recallgate.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The API contract, {@code openapi.yaml}, as shipped in the jar. Read once. */
public final class OpenApiContract {

    private static final String YAML = read();

    private OpenApiContract() {
    }

    public static String yaml() {
        return YAML;
    }

    private static String read() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
