package io.recallgate.cli;

import io.recallgate.client.ImpactCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code impact}: which stored decisions a candidate rules folder would change, before it is saved. */
@Command(
        name = "impact",
        sortOptions = false,
        headerHeading = "%n",
        synopsisHeading = "%nUsage: ",
        header = "Show which stored decisions a candidate rules folder would change.",
        description = {
            "Sends the folder to POST /v1/policy/impact of the service at --url, which compiles it and runs its"
                    + " scenario tests exactly as a reload would, then decides the tenant's stored decisions of the"
                    + " window again under it; nothing is written. Prints the changes as an aligned table, or for"
                    + " a candidate that would not be activated its errors and failed scenario tests, as check does.",
            "The folder is read as the service reads its rules folder (hidden files and editors' leftovers are"
                    + " left out). The API key (role policy) is read from the environment variable "
                    + ImpactCommand.KEY_ENV + ", never from the command line; it is not needed when the service runs"
                    + " without API keys.",
            "WHEN is RFC 3339 (2026-11-24T08:00:00Z), a UTC date (2026-11-24) or an age before now (7d, 12h, 2w)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the candidate is valid (a reload would activate it); its impact was printed",
            "1:the candidate is rejected, or the service cannot be reached or refuses the request",
            "64:a bad option (the service's 400 about --since or --until is shown option by option)"
        })
public final class ImpactCli extends ServiceClientCli {

    @Parameters(paramLabel = "CANDIDATE_DIR", arity = "1", description = "The candidate rules folder.")
    Path dir;

    @Option(names = "--url", paramLabel = "URL", description = "The service, e.g. http://127.0.0.1:8080.")
    String url;

    @Option(
            names = "--since",
            paramLabel = "WHEN",
            description = "Replay decisions evaluated from WHEN (inclusive); default: 7 days before --until.")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "... up to WHEN (exclusive); default: now.")
    String until;

    @Option(names = "--json", description = "Print the service's JSON answer as it is (all examples included).")
    boolean json;

    @Mixin
    HelpOption help;

    ImpactCli() {
        this(System.getenv(), System.out, System.err);
    }

    /** With its own environment and streams, e.g. for a test. */
    public ImpactCli(Map<String, String> env, PrintStream out, PrintStream err) {
        super(env, out, err);
    }

    @Override
    int run() {
        return new ImpactCommand(env, out, err).run(new ImpactCommand.Options(dir, url, since, until, json));
    }
}
