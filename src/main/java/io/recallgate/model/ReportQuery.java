package io.recallgate.model;

import java.time.Instant;
import java.util.List;

/**
 * A periodic report of one tenant's stored enforce decisions: counts in {@code [from, to)} by
 * {@code evaluatedAt}, per {@code interval} bucket and per combination of the {@code groupBy}
 * dimensions (in that order; empty: one count per bucket).
 */
public record ReportQuery(Instant from, Instant to, ReportInterval interval, List<ReportDimension> groupBy) {
    public ReportQuery {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        groupBy = List.copyOf(groupBy);
    }
}
