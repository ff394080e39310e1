package io.recallgate.model;

import java.time.Instant;
import java.util.List;

/**
 * One row of a report: the bucket's start, the value of each grouped dimension in the query's
 * order (a value may be null, e.g. the requester role of a record written before facts were
 * kept), and how many decisions fell there.
 */
public record ReportRow(Instant bucket, List<String> values, long count) {}
