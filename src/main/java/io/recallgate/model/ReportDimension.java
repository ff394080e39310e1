package io.recallgate.model;

/**
 * What a report can group stored enforce decisions by (API.md, "Reports"). {@link #REASON} is the
 * decisive reason's code; {@link #REQUESTER_ROLE} is null for records written before facts were
 * kept (they carry no requester role).
 */
public enum ReportDimension {
    SCENARIO("scenario"),
    OUTCOME("outcome"),
    REASON("reason"),
    REQUESTER_ROLE("requesterRole"),
    POLICY_VERSION("policyVersion");

    private final String json;

    ReportDimension(String json) {
        this.json = json;
    }

    /** The query parameter value, JSON field and CSV column name. */
    public String json() {
        return json;
    }

    public static ReportDimension fromJson(String value) {
        for (ReportDimension d : values()) {
            if (d.json.equals(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException("not a report dimension: " + value);
    }
}
