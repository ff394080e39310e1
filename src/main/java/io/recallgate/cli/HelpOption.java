package io.recallgate.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} for a subcommand ({@code --version} belongs to the top command). */
final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;
}
