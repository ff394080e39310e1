package io.recallgate.cli;

import io.recallgate.config.Logging;
import io.recallgate.config.Settings;
import io.recallgate.store.AuditVerifier;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Verifies the decision log's hash chain in the database the settings name. */
@Command(
        name = "verify-audit",
        modelTransformer = SettingsOptions.class,
        sortOptions = false,
        headerHeading = "%n",
        synopsisHeading = "%nUsage: ",
        header = "Verify the decision log's hash chain.",
        description = {
            "Reads the database named by --database-url (or the embedded one in --data-dir) and prints"
                    + " one JSON report on standard output; its log goes to standard error.",
            "Takes the same settings as serve; only the database ones matter here."
        },
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the chain is intact",
            "1:the chain is broken (the report says where)",
            "2:the verification could not run (database unreachable, ...)",
            "64:a bad option or setting"
        })
final class VerifyAuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        Settings settings = SettingsOptions.settings(spec);
        Logging.install(Logging.Output.STDERR);
        return AuditVerifier.verifyAuditCommand(
                settings.databaseUrl(), settings.dataDir(), settings.logSigningKeyFile());
    }
}
