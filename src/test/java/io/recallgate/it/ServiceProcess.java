package io.recallgate.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service as a separate OS process ({@code java -cp <test classpath> io.recallgate.Main serve}),
 * so that a test can kill it with SIGKILL. Its standard output is read until the
 * {@code listening on http://HOST:PORT} line and kept (with standard error) for later inspection.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("^listening on (http://\\S+:(\\d+))\\s*$");

    private final Process process;
    private final URI base;
    private final Path stdout;
    private final Path stderr;

    private ServiceProcess(Process process, URI base, Path stdout, Path stderr) {
        this.process = process;
        this.base = base;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code serve} with these flags (each "--name", "value") and waits until it listens. */
    static ServiceProcess start(List<String> flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.recallgate.Main");
        cmd.add("serve");
        cmd.addAll(flags);
        Path out = Files.createTempFile("recallgate-proc", ".out");
        Path err = Files.createTempFile("recallgate-proc", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 var w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    w.write(line);
                    w.newLine();
                    Matcher m = LISTENING.matcher(line);
                    if (m.matches()) {
                        w.flush();
                        listening.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException e) {
                listening.completeExceptionally(e);
            } finally {
                listening.completeExceptionally(new IllegalStateException("the service's output ended"));
            }
        }, "service-process-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            URI base = listening.get(120, TimeUnit.SECONDS);
            return new ServiceProcess(p, base, out, err);
        } catch (Exception e) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the service process did not start (exit "
                    + (p.isAlive() ? "none" : p.exitValue()) + "): " + e + "\nstderr:\n" + Files.readString(err)
                    + "\nstdout:\n" + Files.readString(out), e);
        }
    }

    URI base() {
        return base;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no drain, no flush. Returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the service process survived SIGKILL");
        }
    }

    /** Everything the process wrote to standard output and standard error so far. */
    String output() {
        try {
            return Files.readString(stdout) + "\n" + Files.readString(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: drains and exits
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
