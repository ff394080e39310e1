package io.recallgate.cli;

import io.recallgate.RecallGate;
import io.recallgate.config.Logging;
import io.recallgate.config.Settings;
import io.recallgate.policy.PolicyRejectedException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Runs the service until SIGTERM or SIGINT, then drains (see {@link RecallGate#stop()}) and
 * returns 0; a signal received while it starts stops it as soon as the start is complete (a
 * migration is never cut off halfway by its own process), a second one exits at once. Once it
 * listens it prints {@code listening on http://HOST:PORT} as a plain line on standard output, the
 * one line there that is not JSON: scripts and tests wait for it.
 */
@Command(
        name = "serve",
        modelTransformer = SettingsOptions.class,
        sortOptions = false,
        headerHeading = "%n",
        synopsisHeading = "%nUsage: ",
        header = "Run the service (the default command).",
        description = {
            "Decides recalls over HTTP until SIGTERM or SIGINT, then stops accepting, answers what it"
                    + " has accepted, writes every queued decision record and exits 0.",
            "Each setting is an option --x-y and an environment variable RECALLGATE_X_Y; the option"
                    + " wins. The log is JSON lines on standard output, except the line"
                    + " 'listening on http://HOST:PORT'."
        },
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped by SIGTERM or SIGINT after draining (one received while starting: once started)",
            "143/130:a second SIGTERM/SIGINT before the stop is done",
            "1:could not start (database, port, ...)",
            "2:the rules folder does not compile or fails its scenario tests",
            "64:a bad option or setting, or a public address without API keys"
        })
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        Settings settings = SettingsOptions.settings(spec);
        Logging.install(Logging.Output.STDOUT);
        // Before the start: a SIGTERM while the service starts (Kubernetes deleting a pod that is
        // still migrating, a second kill during a restart) would otherwise take the JVM's default
        // path, whose shutdown hooks stop logging and the embedded PostgreSQL under the running
        // start (Flyway then failed with "This connection has been closed", issue 9 §1). The start
        // is let finish, then stopped like a running service; a second signal exits at once.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String signal : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
                if (stopRequested.getCount() == 0) {
                    Runtime.getRuntime().exit(128 + s.getNumber());
                }
                stopRequested.countDown();
            });
        }
        RecallGate gate = new RecallGate(settings);
        try {
            gate.start();
        } catch (PolicyRejectedException e) {
            System.err.println("recallgate: the rules folder " + settings.rulesDir() + " cannot be used:");
            e.errors().forEach(err -> System.err.println("  " + err.format()));
            return ExitCodes.CANNOT_USE;
        } catch (IllegalArgumentException e) {
            System.err.println("recallgate: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (Exception e) {
            System.err.println("recallgate: could not start: " + e);
            e.printStackTrace();
            return ExitCodes.FAILURE;
        }
        if (stopRequested.getCount() == 0) {
            LOG.info("stop requested while starting; stopping");
            gate.stop();
            return ExitCodes.OK;
        }
        System.out.println("listening on http://" + settings.httpHost() + ":" + gate.port());
        System.out.flush();
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gate.stop();
        return ExitCodes.OK;
    }
}
