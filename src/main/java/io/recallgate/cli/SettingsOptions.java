package io.recallgate.cli;

import io.recallgate.config.Settings;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Gives a command every setting of {@link Settings} as an option: {@code @Command(modelTransformer
 * = SettingsOptions.class)}. The command then reads them with {@link #settings(CommandSpec)}.
 */
public final class SettingsOptions implements IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec command) {
        Settings.addOptions(command);
        return command;
    }

    /**
     * The settings from this command's options, the process environment and the defaults. A bad
     * value is a usage error (exit code 64) naming the option and the environment variable.
     */
    static Settings settings(CommandSpec command) {
        try {
            return Settings.from(System.getenv(), command);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(), e.getMessage());
        }
    }
}
