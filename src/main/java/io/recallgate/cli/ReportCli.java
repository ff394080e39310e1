package io.recallgate.cli;

import io.recallgate.client.ReportCommand;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code report}: the periodic decision report of a running service, as a table or CSV. */
@Command(
        name = "report",
        sortOptions = false,
        headerHeading = "%n",
        synopsisHeading = "%nUsage: ",
        header = "Print how a running service's recalls were decided, period by period.",
        description = {
            "Asks GET /v1/reports/decisions of the service at --url and prints the rows as an aligned table"
                    + " (or, with --csv, the service's CSV as it is).",
            "The API key (role auditor) is read from the environment variable " + ReportCommand.KEY_ENV
                    + ", never from the command line; it is not needed when the service runs without API keys.",
            "WHEN is RFC 3339 (2026-11-24T08:00:00Z), a UTC date (2026-11-24) or an age before now (30d, 12h, 2w)."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the report was printed",
            "1:the service cannot be reached or refuses the key",
            "64:a bad option (the service's 400 is shown option by option)"
        })
public final class ReportCli extends ServiceClientCli {

    @Option(names = "--url", paramLabel = "URL", description = "The service, e.g. http://127.0.0.1:8080.")
    String url;

    @Option(names = "--from", paramLabel = "WHEN", description = "Start (inclusive); default: 30 days before --to.")
    String from;

    @Option(names = "--to", paramLabel = "WHEN", description = "End (exclusive); default: now.")
    String to;

    @Option(
            names = "--interval",
            paramLabel = "INTERVAL",
            description = "hour, day, week or month (UTC buckets; weeks start on Monday); default: day.")
    String interval;

    @Option(
            names = "--group-by",
            paramLabel = "DIMS",
            description = "Comma-separated: scenario, outcome, reason, requesterRole, policyVersion;"
                    + " default: scenario,outcome,reason.")
    String groupBy;

    @Option(names = "--csv", description = "Print the rows as CSV (a header line, then one line per row).")
    boolean csv;

    @Mixin
    HelpOption help;

    ReportCli() {
        this(System.getenv(), System.out, System.err);
    }

    /** With its own environment and streams, e.g. for a test. */
    public ReportCli(Map<String, String> env, PrintStream out, PrintStream err) {
        super(env, out, err);
    }

    @Override
    int run() {
        return new ReportCommand(env, out, err).run(new ReportCommand.Options(url, from, to, interval, groupBy, csv));
    }
}
