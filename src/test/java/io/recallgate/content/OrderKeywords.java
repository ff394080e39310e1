package io.recallgate.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The order and tracking keywords of the shipped rules folder, which the scanner tests assume. */
final class OrderKeywords {

    /** {@code rules/order-keywords.csv} without its header row (its keywords hold no commas or quotes). */
    static final List<String> SHIPPED = read(Path.of("rules", "order-keywords.csv"));

    private OrderKeywords() {}

    private static List<String> read(Path csv) {
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            return lines.subList(1, lines.size()).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
