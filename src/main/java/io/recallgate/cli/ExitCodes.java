package io.recallgate.cli;

/**
 * Exit codes shared by the commands. Each command lists the ones it uses in its {@code --help}
 * (picocli's {@code exitCodeList}); README's "Commands" table lists them all.
 */
public final class ExitCodes {

    /** Done; for a check or a verification: everything is in order. */
    public static final int OK = 0;

    /** The check or verification ran and found a problem; {@code serve}: it could not start. */
    public static final int FAILURE = 1;

    /** {@code serve}: the rules folder cannot be used; {@code verify-audit}: it could not run. */
    public static final int CANNOT_USE = 2;

    /** A bad option, setting or environment variable (sysexits.h EX_USAGE). */
    public static final int USAGE = 64;

    private ExitCodes() {}
}
