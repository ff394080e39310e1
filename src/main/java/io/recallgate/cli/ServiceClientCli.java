package io.recallgate.cli;

import io.recallgate.config.Logging;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A subcommand that talks to a running service ({@code impact}, {@code report}, {@code
 * verify-log}): it reads the API key from its environment, prints its result on its standard
 * output and logs to standard error. The environment and the streams can be replaced, e.g. by a
 * test; picocli builds it with the process's own.
 */
abstract class ServiceClientCli implements Callable<Integer> {

    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;

    ServiceClientCli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public final Integer call() {
        Logging.install(Logging.Output.STDERR);
        return run();
    }

    /** Does the command's work once its options are set; returns the exit code. */
    abstract int run();
}
