package io.recallgate.model;

/**
 * A value in the settings table that cannot be used. It names its row (the scenario or tag in the
 * table's first column; null when the problem is a missing row) so that the compiler can point
 * the policy author at the line to fix.
 */
public final class SettingsProblem extends IllegalArgumentException {

    private final String row;

    public SettingsProblem(String row, String message) {
        super(message);
        this.row = row;
    }

    public SettingsProblem(String row, String message, Throwable cause) {
        super(message, cause);
        this.row = row;
    }

    /** The table row the problem is on, or null. */
    public String row() {
        return row;
    }
}
