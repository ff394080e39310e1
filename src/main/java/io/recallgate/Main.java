package io.recallgate;

import io.recallgate.cli.Commands;
import io.recallgate.config.Logging;
import java.util.Set;

/**
 * {@code java -jar recallgate.jar [COMMAND] [OPTIONS]}: the command line, parsed by picocli (see
 * {@link Commands} for the commands and how to add one). Without a command, or when the first
 * argument is an option of {@code serve}, it runs {@code serve}, so {@code java -jar
 * recallgate.jar} and {@code java -jar recallgate.jar --http-port 9000} start the service.
 */
public final class Main {

    /** Options that belong to the top command itself, not to {@code serve}. */
    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    private Main() {}

    public static void main(String[] args) {
        int code = Commands.commandLine().execute(withDefaultCommand(args));
        Logging.stop(); // every queued log line is written before the process ends
        System.exit(code);
    }

    /** The arguments, with {@code serve} in front when they name no command. */
    static String[] withDefaultCommand(String[] args) {
        if (args.length == 0 || (args[0].startsWith("-") && !TOP_LEVEL_OPTIONS.contains(args[0]))) {
            String[] withServe = new String[args.length + 1];
            withServe[0] = "serve";
            System.arraycopy(args, 0, withServe, 1, args.length);
            return withServe;
        }
        return args;
    }
}
