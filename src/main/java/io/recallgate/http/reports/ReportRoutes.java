package io.recallgate.http.reports;

import io.recallgate.http.auth.Authenticator;
import io.recallgate.http.contract.ParseResult;
import io.recallgate.http.contract.Problems;
import io.recallgate.http.contract.ReportQueryParser;
import io.recallgate.http.route.JsonAnswer;
import io.recallgate.model.ReportDimension;
import io.recallgate.model.ReportQuery;
import io.recallgate.model.ReportRow;
import io.recallgate.model.Rfc3339;
import io.recallgate.store.DecisionReports;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/reports/decisions}: the periodic analysis of the caller's tenant's stored enforce
 * decisions, as JSON or, for {@code Accept: text/csv}, as CSV with a header line (the same rows).
 * Counting happens in PostgreSQL ({@link DecisionReports}); this class only checks the query and
 * writes the answer.
 */
public final class ReportRoutes {

    static final String CSV = "text/csv";

    private final DecisionReports reports;
    private final ReportQueryParser parser;

    public ReportRoutes(DecisionReports reports, ReportQueryParser parser) {
        this.reports = reports;
        this.parser = parser;
    }

    public void decisions(RoutingContext ctx) {
        Boolean csv = wantsCsv(ctx);
        if (csv == null) {
            Problems.send(
                    ctx, 406, "Not Acceptable", "This report is available as application/json or text/csv.", List.of());
            return;
        }
        ParseResult<ReportQuery> parsed = parser.parse(ctx.queryParams(), Instant.now());
        if (!parsed.ok()) {
            Problems.invalidRequest(ctx, parsed.errors());
            return;
        }
        ReportQuery query = parsed.value();
        reports.count(Authenticator.caller(ctx).tenant(), query)
                .onSuccess(rows -> {
                    if (ctx.response().ended()) {
                        return;
                    }
                    ctx.response().putHeader("Vary", "Accept").putHeader("Cache-Control", "private, no-store");
                    if (csv) {
                        ctx.response()
                                .setStatusCode(200)
                                .putHeader("content-type", CSV + "; charset=utf-8; header=present")
                                .end(csv(query, rows));
                    } else {
                        JsonAnswer.send(ctx, 200, json(query, rows));
                    }
                })
                .onFailure(ctx::fail);
    }

    /**
     * True for CSV, false for JSON (also when there is no Accept header), null when the client
     * accepts neither. The most preferred acceptable type wins.
     */
    static Boolean wantsCsv(RoutingContext ctx) {
        List<MIMEHeader> accept = ctx.parsedHeaders().accept();
        if (accept.isEmpty()) {
            return false;
        }
        Boolean best = null;
        float bestWeight = 0;
        for (MIMEHeader h : accept) {
            float w = h.weight();
            if (w <= 0 || (best != null && w <= bestWeight)) {
                continue;
            }
            String type = h.component();
            String sub = h.subComponent();
            boolean json = ("application".equals(type) && ("json".equals(sub) || "*".equals(sub)))
                    || ("*".equals(type) && "*".equals(sub));
            boolean csv = "text".equals(type) && ("csv".equals(sub) || "*".equals(sub));
            if (json || csv) {
                best = !json;
                bestWeight = w;
            }
        }
        return best;
    }

    static JsonObject json(ReportQuery q, List<ReportRow> rows) {
        JsonArray groupBy = new JsonArray();
        q.groupBy().forEach(d -> groupBy.add(d.json()));
        JsonArray out = new JsonArray();
        for (ReportRow r : rows) {
            JsonObject row = new JsonObject().put("bucket", Rfc3339.format(r.bucket()));
            for (int i = 0; i < q.groupBy().size(); i++) {
                row.put(q.groupBy().get(i).json(), r.values().get(i));
            }
            out.add(row.put("count", r.count()));
        }
        return new JsonObject()
                .put("from", Rfc3339.format(q.from()))
                .put("to", Rfc3339.format(q.to()))
                .put("interval", q.interval().json())
                .put("groupBy", groupBy)
                .put("rows", out);
    }

    /** RFC 4180: a header line, CRLF line ends, fields quoted only when they need it; null is an empty field. */
    static String csv(ReportQuery q, List<ReportRow> rows) {
        StringBuilder b = new StringBuilder(64 + rows.size() * 48);
        b.append("bucket");
        for (ReportDimension d : q.groupBy()) {
            b.append(',').append(d.json());
        }
        b.append(",count\r\n");
        for (ReportRow r : rows) {
            b.append(Rfc3339.format(r.bucket()));
            for (String v : r.values()) {
                b.append(',').append(field(v));
            }
            b.append(',').append(r.count()).append("\r\n");
        }
        return b.toString();
    }

    static String field(String v) {
        if (v == null) {
            return "";
        }
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
