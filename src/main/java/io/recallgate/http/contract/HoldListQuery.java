package io.recallgate.http.contract;

import io.recallgate.store.HoldPage;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query of {@code GET /v1/holds} without {@code conversationId}: the tenant's active holds,
 * a page at a time. {@code limit} and {@code cursor} are checked against the contract
 * ({@link QueryParameters}: limit a whole number 1–1000, default 100; an unknown parameter is a
 * 400 at {@code /query}), then the cursor must be one this service gave out ({@link HoldCursor}).
 * Every bad parameter is named in one answer.
 */
public record HoldListQuery(int limit, HoldPage.Position after) {

    static final String OPERATION_ID = "listHolds";

    public static final class Parser {
        private final QueryParameters parameters;

        public Parser(OpenApiDocument contract) {
            this.parameters = QueryParameters.of(contract, OPERATION_ID);
        }

        public ParseResult<HoldListQuery> parse(MultiMap query) {
            QueryParameters.Checked checked = parameters.parse(query);
            List<FieldError> errors = new ArrayList<>(checked.errors());
            Map<String, Object> v = checked.values();
            HoldPage.Position after = null;
            if (v.containsKey("cursor")) {
                after = HoldCursor.decode((String) v.get("cursor"));
                if (after == null) {
                    errors.add(new FieldError(
                            "/query/cursor",
                            "is not a cursor this service gave out (use the next of the previous page, or"
                                    + " leave it out to start from the newest hold)"));
                }
            }
            if (!errors.isEmpty()) {
                errors.sort(null);
                return ParseResult.invalid(errors);
            }
            return ParseResult.ok(new HoldListQuery(((Number) v.get("limit")).intValue(), after));
        }
    }
}
