package io.recallgate.http.contract;

import io.recallgate.model.ReportDimension;
import io.recallgate.model.ReportInterval;
import io.recallgate.model.ReportQuery;
import io.recallgate.model.Rfc3339;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query of {@code GET /v1/reports/decisions}: each parameter checked against the contract
 * ({@link QueryParameters}: {@code interval} one of hour/day/week/month, {@code groupBy} distinct
 * dimensions, {@code from}/{@code to} RFC 3339), then the rules between parameters the schema
 * cannot say:
 * <ul>
 *   <li>{@code from} defaults to {@code to} minus 30 days, {@code to} to the server clock;</li>
 *   <li>{@code from} must be before {@code to};</li>
 *   <li>the range may span at most {@value #MAX_YEARS} years and at most {@value #MAX_BUCKETS}
 *       buckets (hourly buckets: about 416 days), so that no request asks PostgreSQL for an
 *       absurd amount of work or the client for an absurd number of rows.</li>
 * </ul>
 */
public final class ReportQueryParser {

    public static final String OPERATION_ID = "getDecisionReport";
    public static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    public static final int MAX_YEARS = 10;
    static final Duration MAX_RANGE = Duration.ofDays(366L * MAX_YEARS);
    public static final int MAX_BUCKETS = 10_000;

    private final QueryParameters parameters;

    public ReportQueryParser(OpenApiDocument contract) {
        this.parameters = QueryParameters.of(contract, OPERATION_ID);
    }

    public ParseResult<ReportQuery> parse(MultiMap query, Instant now) {
        QueryParameters.Checked checked = parameters.parse(query);
        List<FieldError> errors = new ArrayList<>(checked.errors());
        Map<String, Object> v = checked.values();
        boolean fromBad = bad(errors, "from");
        boolean toBad = bad(errors, "to");
        boolean intervalBad = bad(errors, "interval");
        Instant to = v.containsKey("to") ? Rfc3339.parse((String) v.get("to")) : now;
        Instant from = v.containsKey("from") ? Rfc3339.parse((String) v.get("from")) : to.minus(DEFAULT_RANGE);
        ReportInterval interval = ReportInterval.fromJson((String) v.getOrDefault("interval", "day"));
        // rules between parameters, checked when the parameters they compare are valid
        if (!fromBad && !toBad) {
            if (!from.isBefore(to)) {
                errors.add(new FieldError(
                        "/query/from",
                        v.containsKey("to")
                                ? "must be before to"
                                : "must be before to (to is absent: the server clock)"));
            } else if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
                errors.add(new FieldError("/query/to", "must be at most " + MAX_YEARS + " years after from"));
            } else if (!intervalBad && interval.maxBuckets(from, to) > MAX_BUCKETS) {
                errors.add(new FieldError(
                        "/query/interval",
                        "gives more than " + MAX_BUCKETS + " buckets between from and to; ask for a longer"
                                + " interval or a shorter range"));
            }
        }
        if (!errors.isEmpty()) {
            return ParseResult.invalid(BodyValidator.sorted(errors));
        }
        List<ReportDimension> groupBy = new ArrayList<>();
        for (Object d : (JsonArray) v.getOrDefault("groupBy", new JsonArray())) {
            groupBy.add(ReportDimension.fromJson((String) d));
        }
        return ParseResult.ok(new ReportQuery(from, to, interval, groupBy));
    }

    private static boolean bad(List<FieldError> errors, String parameter) {
        String pointer = "/query/" + parameter;
        return errors.stream()
                .anyMatch(e -> e.pointer().equals(pointer) || e.pointer().startsWith(pointer + "/"));
    }
}
