package io.recallgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version of this build: Maven's project version, written into {@code
 * io/recallgate/version.properties} by resource filtering, so the classes and the jar (whose
 * manifest carries the same {@code Implementation-Version}) always agree.
 */
public final class Version implements IVersionProvider {

    /** For example {@code 0.1.0-SNAPSHOT}. */
    public static String number() {
        try (InputStream in = Version.class.getResourceAsStream("/io/recallgate/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"recallgate " + number()};
    }
}
