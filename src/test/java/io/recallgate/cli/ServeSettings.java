package io.recallgate.cli;

import io.recallgate.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The settings {@code serve} would run with, for these arguments and this environment: the
 * arguments are parsed by the real command line ({@link Commands}), and the settings read from it
 * as {@code serve} reads them, with a given environment instead of the process's.
 */
public final class ServeSettings {

    private ServeSettings() {}

    /**
     * @throws CommandLine.ParameterException for an unknown option or one without its value
     * @throws IllegalArgumentException       for a bad value, naming the setting
     */
    public static Settings of(Map<String, String> env, List<String> args) {
        List<String> line = new ArrayList<>();
        line.add("serve");
        line.addAll(args);
        CommandLine.ParseResult parsed = Commands.commandLine().parseArgs(line.toArray(String[]::new));
        return Settings.from(env, parsed.subcommand().commandSpec());
    }
}
