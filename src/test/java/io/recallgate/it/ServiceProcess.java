package io.recallgate.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -cp <the test class path> io.recallgate.Main ...} as a separate OS process, with its
 * standard output and error collected, for what only a real process shows: exit codes and signals.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:\\s]+):(\\d+)");

    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final List<Thread> pumps = new ArrayList<>();

    private ServiceProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), stdout, true);
        pump(process.getErrorStream(), stderr, false);
    }

    /** Starts Main with these arguments and no RECALLGATE_* variables from the test's environment. */
    static ServiceProcess start(List<String> args) throws IOException {
        return start(args, java.util.Map.of());
    }

    /** Starts Main with these arguments and these RECALLGATE_* variables (and no others). */
    static ServiceProcess start(List<String> args, java.util.Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.recallgate.Main");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("RECALLGATE_"));
        pb.environment().putAll(env);
        return new ServiceProcess(pb.start());
    }

    /**
     * Starts {@code serve} with these flags (each "--name", "value") and waits until it listens;
     * fails with the process's output when it does not.
     */
    static ServiceProcess serve(List<String> flags) throws Exception {
        List<String> args = new ArrayList<>();
        args.add("serve");
        args.addAll(flags);
        ServiceProcess p = start(args);
        try {
            p.awaitPort(120);
        } catch (Exception e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** The usual serve arguments on a free port, the shared test database and a copy of the rules. */
    static List<String> serveArgs(String... extra) throws IOException {
        Path rules = Files.createTempDirectory("recallgate-rules");
        TestService.copyTree(Path.of("rules"), rules);
        List<String> args = new ArrayList<>(List.of(
                "serve",
                "--http-port",
                "0",
                "--http-instances",
                "2",
                "--rules-dir",
                rules.toString(),
                "--database-url",
                TestPostgres.url(),
                "--data-dir",
                Files.createTempDirectory("recallgate-data").toString(),
                "--log-signing-key-file",
                TestKeys.file().toString()));
        args.addAll(List.of(extra));
        return args;
    }

    private void pump(InputStream in, List<String> into, boolean watchPort) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            synchronized (into) {
                                into.add(line);
                            }
                            Matcher m = LISTENING.matcher(line);
                            if (watchPort && m.find()) {
                                port.complete(Integer.parseInt(m.group(2)));
                            }
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                    port.completeExceptionally(new IllegalStateException("the process ended before it listened"));
                },
                "service-process-pump");
        t.setDaemon(true);
        t.start();
        pumps.add(t);
    }

    /** Waits for the {@code listening on http://HOST:PORT} line. */
    int awaitPort(long seconds) throws Exception {
        try {
            return port.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no 'listening on' line; stdout: " + stdout() + "\nstderr: " + stderr(), e);
        }
    }

    /**
     * SIGTERM. {@code Process.destroy()} sends the same signal but also closes our ends of the
     * child's output pipes, so everything the child writes while it shuts down would be lost;
     * the process handle only signals.
     */
    void sigterm() {
        if (!process.toHandle().destroy()) {
            throw new IllegalStateException("could not signal the process");
        }
    }

    Process process() {
        return process;
    }

    /** {@code http://127.0.0.1:PORT} once it listens. */
    java.net.URI base() throws Exception {
        return java.net.URI.create("http://127.0.0.1:" + awaitPort(120));
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
        return stdout() + "\n" + stderr();
    }

    /** Waits for the exit; -1 on timeout. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return -1;
        }
        for (Thread t : pumps) {
            t.join(5_000); // the rest of its output
        }
        return process.exitValue();
    }

    String stdout() {
        synchronized (stdout) {
            return String.join("\n", stdout);
        }
    }

    String stderr() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
