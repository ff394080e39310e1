package io.recallgate.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/** A copy of the shipped rules folder that a test may edit, and ways to compile it. */
final class RulesCopy {

    static final Path SHIPPED = Path.of("rules");

    final Path dir;

    private RulesCopy(Path dir) {
        this.dir = dir;
    }

    static RulesCopy of(Path tempDir) {
        Path copy = tempDir.resolve("rules");
        try (Stream<Path> walk = Files.walk(SHIPPED)) {
            for (Path p : walk.toList()) {
                Path to = copy.resolve(SHIPPED.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RulesCopy(copy);
    }

    /** Replaces exactly one occurrence, so that a changed shipped file cannot make a test vacuous. */
    RulesCopy replace(String file, String from, String to) {
        String s = read(file);
        int i = s.indexOf(from);
        assertTrue(i >= 0 && s.indexOf(from, i + 1) < 0, "expected exactly one '" + from + "' in " + file);
        return write(file, s.substring(0, i) + to + s.substring(i + from.length()));
    }

    RulesCopy write(String file, String content) {
        return write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    RulesCopy write(String file, byte[] content) {
        try {
            Path p = dir.resolve(file);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    RulesCopy delete(String file) {
        try {
            Files.delete(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String read(String file) {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based line of the first line containing {@code text}. */
    int lineOf(String file, String text) {
        List<String> lines = List.of(read(file).split("\n", -1));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    /** The 1-based column where {@code text} starts on the first line containing it. */
    int columnOf(String file, String text) {
        for (String line : read(file).split("\n", -1)) {
            int c = line.indexOf(text);
            if (c >= 0) {
                return c + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    RuleFolder folder() {
        return RuleFolder.read(dir);
    }

    RuleSet compile() throws PolicyRejectedException {
        return new RuleSetCompiler(Clock.systemUTC()).compile(folder());
    }
}
