package io.recallgate.cli;

import io.recallgate.client.VerifyLog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code verify-log}: the independent monitor of a tenant's signed decision log. */
@Command(
        name = "verify-log",
        sortOptions = false,
        headerHeading = "%n",
        synopsisHeading = "%nUsage: ",
        header = "Check a service's signed decision log against the checkpoint verified last time.",
        description = {
            "Fetches the tenant's checkpoint, checks its signature with the verifier key, proves it consistent"
                    + " with the checkpoint saved in the state file, and saves the new one. Run it regularly"
                    + " (a tenant, an auditor): a log rewritten behind the service's back is caught.",
            "The API key (role auditor or platform) is read from the environment variable " + VerifyLog.API_KEY_ENV
                    + ", never from the command line; it is not needed when the service runs without API keys."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the checkpoint is signed and consistent with the saved one (and was saved)",
            "1:the log failed a check: bad signature, shrunk, forked, another origin",
            "2:the check could not run: unreadable state, the service unreachable or answering an error",
            "64:a bad option"
        })
public final class VerifyLogCli extends ServiceClientCli {

    @Option(
            names = "--url",
            required = true,
            paramLabel = "URL",
            description = "The service, e.g. https://recallgate.example.")
    String url;

    @Option(
            names = "--key",
            required = true,
            paramLabel = "VKEY",
            description = "The log's verifier key (NAME+KEYID+KEY, as GET /v1/audit/log-key serves it once), or a file"
                    + " holding it. Keep it yourself: trusting the service for it would defeat the check.")
    String key;

    @Option(
            names = "--state",
            required = true,
            paramLabel = "FILE",
            description = "Where the last verified checkpoint is kept (created on the first run).")
    Path state;

    @Mixin
    HelpOption help;

    VerifyLogCli() {
        this(System.getenv(), System.out, System.err);
    }

    /** With its own environment and streams, e.g. for a test. */
    public VerifyLogCli(Map<String, String> env, PrintStream out, PrintStream err) {
        super(env, out, err);
    }

    @Override
    int run() {
        return new VerifyLog(out, err).run(url, key, state, env.get(VerifyLog.API_KEY_ENV));
    }
}
