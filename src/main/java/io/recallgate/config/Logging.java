package io.recallgate.config;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up the one log of the process: SLF4J written by Logback as JSON lines ({@code logback.xml}),
 * with every other logging API routed into it. Vert.x is told to use its SLF4J delegate,
 * java.util.logging (PostgreSQL's JDBC driver, the JDK) is bridged by {@link SLF4JBridgeHandler},
 * and the Log4j 2 API (Apache POI, which reads {@code .xlsx} decision tables) finds
 * log4j-to-slf4j on the class path by itself. Call {@link #install} before anything logs.
 */
public final class Logging {

    /** Where log lines go. */
    public enum Output {
        /** The service: its standard output is its log. */
        STDOUT,
        /** Commands whose standard output is their result: the log goes to standard error. */
        STDERR,
        /** Commands that report every problem themselves ({@code check}). */
        OFF
    }

    static final String TARGET_PROPERTY = "recallgate.log.target";
    static final String LEVEL_PROPERTY = "recallgate.log.level";

    private Logging() {}

    /**
     * Chooses the output and installs the bridges. The level stays what {@code
     * -Drecallgate.log.level} says, if anything; {@link Output#OFF} turns logging off.
     */
    public static void install(Output output) {
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        System.setProperty(TARGET_PROPERTY, output == Output.STDERR ? "System.err" : "System.out");
        if (output == Output.OFF) {
            System.setProperty(LEVEL_PROPERTY, "OFF");
        }
        LoggerFactory.getILoggerFactory(); // Logback reads logback.xml now, with the properties above
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /**
     * Writes every queued line and stops logging. The last call before the process exits: what is
     * logged after it is lost.
     */
    public static void stop() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            context.stop();
        }
        System.out.flush();
        System.err.flush();
    }
}
