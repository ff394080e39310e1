package io.recallgate.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top command {@code recallgate} and its subcommands.
 *
 * <p>Each subcommand is one small class in this package: a picocli {@code @Command} that
 * implements {@code Callable<Integer>} and returns an exit code from {@link ExitCodes}. It lists
 * its exit codes in {@code exitCodeList} (they show in its {@code --help}), calls {@link
 * io.recallgate.config.Logging#install} first (standard error for a command whose standard output
 * is its result), and reports a bad argument by throwing picocli's {@link ParameterException}
 * (exit 64). A command that needs the service's settings adds {@code modelTransformer =
 * SettingsOptions.class} and reads them with {@code SettingsOptions.settings(spec)}. To add one,
 * write the class (see {@link CheckCommand}), list it in {@code subcommands} below, and add a row
 * to README's "Commands" table.
 */
@Command(
        name = "recallgate",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        headerHeading = "%n",
        header = "Recall Gate decides whether a chat message may be recalled.",
        synopsisHeading = "%nUsage: ",
        description = {"Without a command, or with options only, it runs 'serve'."},
        commandListHeading = "%nCommands:%n",
        subcommands = {
            ServeCommand.class,
            CheckCommand.class,
            VerifyAuditCommand.class,
            NewKeyCommand.class,
            ReportCli.class,
            ImpactCli.class,
            HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes (each command's --help lists its own):%n",
        exitCodeList = {
            "0:done; for check and verify-audit: all is in order",
            "1:check or verify found a problem; serve could not start",
            "2:serve: the rules folder cannot be used; verify-audit could not run",
            "64:a bad command, option or setting"
        })
public final class Commands implements Runnable {

    @Spec
    CommandSpec spec;

    private Commands() {}

    /** The command line, ready to {@code execute(args)}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Commands());
        cl.setOverwrittenOptionsAllowed(true); // a setting given twice: the last one wins, as in shells' aliases
        cl.setParameterExceptionHandler(Commands::usageError);
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("recallgate: " + command.getCommandName() + " failed: " + e);
            e.printStackTrace(command.getErr());
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    /** {@code recallgate} alone is turned into {@code serve} by Main; reached only if it is not. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** One line saying what is wrong and where to read more, exit code 64. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("recallgate: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try 'recallgate " + qualifiedName(command) + "--help' for more information.");
        return ExitCodes.USAGE;
    }

    private static String qualifiedName(CommandLine command) {
        return command.getParent() == null ? "" : command.getCommandName() + " ";
    }
}
