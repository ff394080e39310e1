package io.recallgate.cli;

import io.recallgate.http.auth.ApiKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Makes an API key and the line that grants it in the keys file. */
@Command(
        name = "new-key",
        sortOptions = false,
        headerHeading = "%n",
        synopsisHeading = "%nUsage: ",
        header = "Make an API key and its line for the API keys file.",
        description = {
            "Standard output, line 1: the key (rg_...) - give it to the client; it is not stored anywhere.",
            "Standard output, line 2: the line for the keys file; it holds only the key's SHA-256."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the key was made", "64:a missing or bad option (tenant, roles or name)"})
final class NewKeyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "The key's tenant.")
    String tenant;

    @Option(
            names = "--roles",
            required = true,
            paramLabel = "ROLES",
            description = "Comma-separated roles: platform, dispute, policy, auditor.")
    String roles;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "A name for the key, logged instead of the key (default: a prefix of its digest).")
    String name;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        String[] generated;
        try {
            generated = ApiKeys.generate(tenant, roles, name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        System.err.println("The key (give it to the client; it is not stored anywhere):");
        System.out.println(generated[0]);
        System.err.println("The line for the API keys file (safe to share; it holds only a digest):");
        System.out.println(generated[1]);
        return ExitCodes.OK;
    }
}
