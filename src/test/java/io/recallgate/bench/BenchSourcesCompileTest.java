package io.recallgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The benchmarks under {@code bench/} are single-file programs run with {@code java -cp
 * target/recallgate.jar bench/X.java}, so the build never compiles them: a renamed method left
 * {@code AppendBench} and {@code ReportBench} broken for days, found only when someone needed
 * their figures. Each one is compiled here against the same classes and libraries the jar holds.
 * Nothing is run: their figures come from running them, never from a test.
 */
class BenchSourcesCompileTest {

    static Stream<Path> benchSources() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("bench"))) {
            List<Path> java =
                    files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            assertFalse(java.isEmpty(), "bench/ holds the Java benchmarks");
            return java.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("benchSources")
    void compilesAgainstTheServiceClasses(Path source) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path out = Files.createTempDirectory("recallgate-bench-classes");
        StringWriter errors = new StringWriter();
        List<String> options = new ArrayList<>(List.of(
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                out.toString(),
                "-proc:none",
                "-Xlint:none"));
        boolean ok;
        try (var files = javac.getStandardFileManager(null, null, null)) {
            ok = javac.getTask(errors, files, null, options, null, files.getJavaFileObjects(source))
                    .call();
        } finally {
            try (Stream<Path> walk = Files.walk(out)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        assertEquals("", ok ? "" : errors.toString(), source + " compiles");
    }
}
