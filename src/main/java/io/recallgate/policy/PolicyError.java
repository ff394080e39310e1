package io.recallgate.policy;

/**
 * One reason a rule set was rejected, located in the rules folder where possible.
 * {@code line} and {@code column} are 1-based; 0 when unknown.
 */
public record PolicyError(String file, int line, int column, String message) {

    /** {@code file:line:column: message}, the form editors and CI logs link to. */
    public String format() {
        StringBuilder sb = new StringBuilder(file == null ? "(rules)" : file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.append(": ").append(message).toString();
    }
}
