package io.recallgate.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The words that introduce an order or tracking number ({@value #FILE}, one per row under the
 * header {@value #COLUMN}): a number right after one of them is that order number, not a bank
 * card (POLICY.md, "Sensitive content"). The rule set's scanner uses them.
 */
final class OrderKeywordsTable {

    static final String FILE = "order-keywords.csv";
    static final String COLUMN = "Order or tracking keyword";
    private static final int LONGEST = 32;

    private OrderKeywordsTable() {}

    /** The keywords, or null when the file is missing or has an error. */
    static List<String> read(RuleFolder folder, List<PolicyError> errors) {
        RuleFile file = folder.file(FILE);
        if (file == null) {
            errors.add(new PolicyError(
                    FILE,
                    0,
                    0,
                    "this file is missing: it lists the words that introduce an order or tracking number"
                            + " (订单号, order no, …), so that such a number is not taken for a bank card; create it"
                            + " with the header row '" + COLUMN + "' and one word a row"));
            return null;
        }
        CsvTable t = CsvTable.read(file, "the order keywords", errors);
        int[] col = t == null ? null : t.columns(errors, COLUMN);
        if (col == null) {
            return null;
        }
        int before = errors.size();
        List<String> keywords = new ArrayList<>();
        for (CsvTable.Row row : t.rows()) {
            String k = t.cell(row, col[0]).trimmed();
            if (k.isEmpty()) {
                continue;
            }
            if (k.length() > LONGEST) {
                errors.add(t.error(row, col[0], "longer than " + LONGEST + " characters"));
                continue;
            }
            keywords.add(k);
        }
        return errors.size() > before ? null : List.copyOf(keywords);
    }
}
