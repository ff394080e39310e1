package io.recallgate.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Precedence, stated once ({@value #FILE}): the rules in the order of POLICY.md's "Decision
 * order" table, one per row; the first rule that applies decides. The compiler turns the order
 * into the engine's salience, so no rule file carries a number, and it rejects a rule that is not
 * listed or a listed name that is no rule.
 *
 * <p>Columns: {@code #} (optional; when present it must count 1, 2, 3… so that what an author
 * reads is the order that runs) and {@code Rule} (the rule's name, exactly as in its file).
 */
final class DecisionOrder {

    static final String FILE = "decision-order.csv";

    /** A listed rule and where its name stands. */
    record Entry(String rule, int position, PolicyError location) {}

    private DecisionOrder() {}

    /** The entries in order, or null when the file is missing or has an error. */
    static List<Entry> read(RuleFolder folder, List<PolicyError> errors) {
        RuleFile file = folder.file(FILE);
        if (file == null) {
            errors.add(new PolicyError(
                    FILE,
                    0,
                    0,
                    "this file is missing: it lists the rules in the order they decide (the first that"
                            + " applies decides); create it with the header row '#,Rule' and one rule name a row"));
            return null;
        }
        CsvTable t = CsvTable.read(file, "the decision order", errors);
        if (t == null) {
            return null;
        }
        int numberColumn = -1;
        int ruleColumn = -1;
        for (int c = 0; c < t.header().size(); c++) {
            String h = t.header().get(c);
            if (h.equals("#") && numberColumn < 0) {
                numberColumn = c;
            } else if (h.equalsIgnoreCase("Rule") && ruleColumn < 0) {
                ruleColumn = c;
            }
        }
        if (ruleColumn < 0) {
            errors.add(new PolicyError(FILE, 1, 1, "the header row has no column 'Rule'; write '#,Rule'"));
            return null;
        }
        int before = errors.size();
        boolean misnumbered = false;
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> rowOf = new HashMap<>();
        for (CsvTable.Row row : t.rows()) {
            int position = entries.size() + 1;
            String rule = t.cell(row, ruleColumn).trimmed();
            if (numberColumn >= 0) {
                String number = t.cell(row, numberColumn).trimmed();
                if (!misnumbered && !number.equals(String.valueOf(position))) {
                    misnumbered = true; // one error: the rows below are off by the same step
                    errors.add(t.error(
                            row,
                            numberColumn,
                            "'" + number + "' should be " + position
                                    + ": rules decide in the order of the rows, so number them 1, 2, 3… from the"
                                    + " top (the rows below too)"));
                }
            }
            if (rule.isEmpty()) {
                errors.add(t.error(row, ruleColumn, "no rule name"));
                continue;
            }
            Integer first = rowOf.putIfAbsent(rule, row.number());
            if (first != null) {
                errors.add(t.error(row, ruleColumn, "\"" + rule + "\" is already listed in row " + first));
                continue;
            }
            entries.add(new Entry(rule, position, t.error(row, ruleColumn, "")));
        }
        // a wrong number still leaves the order of the rows, which is checked against the rules
        return errors.size() > before && !misnumbered ? null : entries;
    }
}
