package io.recallgate.store.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's {@code postmaster.pid} in a data directory: the lock file a postmaster writes at
 * start and removes at a clean stop. After a crash of its owner it may name a postmaster that still
 * runs (the service was killed, its database was not), or a process that is long gone, or, with
 * PIDs recycled (containers restart PIDs from 1), an unrelated process that now has that PID.
 *
 * <p>PostgreSQL itself treats the file as stale when its PID is not alive ({@code kill(pid, 0)}),
 * and refuses to start otherwise. {@link #isPostmasterOf} goes one step further, as a recycled PID
 * would otherwise block the start for good: the process must be a {@code postgres} executable whose
 * working directory is this data directory (a postmaster changes into its data directory at start).
 *
 * <p>Lines (PostgreSQL 10 and later): PID, data directory, start time, port, socket directory,
 * listen address, shared memory key, status ({@code starting}, {@code ready}, {@code stopping}).
 */
public record PostmasterPid(long pid, int port, String status) {

    static final String FILE = "postmaster.pid";

    /** The file in {@code pgDir}, or empty when there is none. Lines it cannot read count as 0/"". */
    static Optional<PostmasterPid> read(Path pgDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(pgDir.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + pgDir.resolve(FILE), e);
        }
        return Optional.of(new PostmasterPid(number(lines, 0), (int) number(lines, 3), text(lines, 7)));
    }

    /** The status line says the postmaster accepts connections. */
    public boolean ready() {
        return "ready".equals(status);
    }

    /**
     * The PID is alive and is a postgres process whose working directory is {@code pgDir}. When
     * the working directory cannot be read (another user's process), the command line must name
     * {@code pgDir} after {@code -D}.
     */
    boolean isPostmasterOf(Path pgDir) {
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Path proc = Path.of("/proc", Long.toString(pid));
        Optional<String> command = handle.get().info().command();
        boolean postgres = command.map(c -> Path.of(c).getFileName().toString().equals("postgres"))
                .orElseGet(() -> firstArgument(proc).endsWith("postgres"));
        if (!postgres) {
            return false;
        }
        try {
            return Files.isSameFile(Files.readSymbolicLink(proc.resolve("cwd")), pgDir);
        } catch (IOException | SecurityException e) {
            String dir = pgDir.toAbsolutePath().normalize().toString();
            return handle.get()
                    .info()
                    .arguments()
                    .map(args -> List.of(args).contains(dir))
                    .orElse(false);
        }
    }

    private static String firstArgument(Path proc) {
        try {
            byte[] cmdline = Files.readAllBytes(proc.resolve("cmdline"));
            int end = 0;
            while (end < cmdline.length && cmdline[end] != 0) {
                end++;
            }
            return new String(cmdline, 0, end, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static long number(List<String> lines, int index) {
        try {
            return index < lines.size() ? Long.parseLong(lines.get(index).trim()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String text(List<String> lines, int index) {
        return index < lines.size() ? lines.get(index).trim() : "";
    }
}
