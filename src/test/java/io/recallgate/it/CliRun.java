package io.recallgate.it;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A client subcommand ({@code impact}, {@code report}, {@code verify-log}) run in the test's process: its exit code and what it printed. */
record CliRun(int code, String out, String err) {

    /** The subcommand's constructor that takes its environment and streams, e.g. {@code ReportCli::new}. */
    interface Command {
        Callable<Integer> create(Map<String, String> env, PrintStream out, PrintStream err);
    }

    /** Parses {@code args} as picocli does for the real command line and runs the command with {@code env}. */
    static CliRun run(Command command, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(command.create(
                        env,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
