package io.recallgate.policy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table of the rules folder as a spreadsheet saves it: CSV (RFC 4180) in UTF-8, one header
 * row, then data rows. Every cell keeps where it stands, so that a problem can be reported the
 * way both kinds of author look for it: {@code file:line:column} for a text editor, and
 * "row 3, column D (Recall window)" for a spreadsheet.
 *
 * <p>Hand-written rather than a CSV library because of exactly those positions (a quoted cell
 * may span lines, so spreadsheet rows and file lines differ), and because the files authors
 * actually save go wrong in known ways that deserve a located sentence instead of an exception:
 * a semicolon-separated file (Excel in many locales), a GBK-encoded file (Excel in Chinese), a
 * quote that never closes, a row with more cells than the header (a comma inside an unquoted
 * value). A UTF-8 byte-order mark is skipped; rows whose cells are all empty are ignored.
 */
final class CsvTable {

    /** One cell: its text (unquoted, not trimmed) and where its first character stands (1-based). */
    record Cell(String value, int line, int column) {
        String trimmed() {
            return value.strip();
        }

        boolean isBlank() {
            return value.isBlank();
        }
    }

    /** One row: its number as a spreadsheet counts rows (the header is row 1), and its cells. */
    record Row(int number, int line, List<Cell> cells, int endColumn) {}

    private final String file;
    private final Row head;
    private final List<String> header;
    private final List<Row> rows;

    private CsvTable(String file, Row head, List<String> header, List<Row> rows) {
        this.file = file;
        this.head = head;
        this.header = header;
        this.rows = rows;
    }

    /** The header's cells, trimmed. */
    List<String> header() {
        return header;
    }

    /** The data rows (without the header), blank rows left out. */
    List<Row> rows() {
        return rows;
    }

    /**
     * Reads {@code file}; on any problem adds located errors and returns null.
     *
     * @param what what the table holds, for the errors ("the settings table")
     */
    static CsvTable read(RuleFile file, String what, List<PolicyError> errors) {
        String text;
        try {
            text = decode(file.content());
        } catch (MalformedInputException e) {
            int[] at = position(file.content(), offsetOfBadByte(file.content()));
            errors.add(new PolicyError(
                    file.path(),
                    at[0],
                    at[1],
                    "the file is not UTF-8 text (it was probably saved as GBK or another local encoding);"
                            + " save it as \"CSV UTF-8 (comma delimited)\""));
            return null;
        }
        List<PolicyError> found = new ArrayList<>();
        List<Row> all = parse(file.path(), text, found);
        if (!found.isEmpty()) {
            errors.addAll(found);
            return null;
        }
        if (all.isEmpty()) {
            errors.add(new PolicyError(file.path(), 1, 1, what + " is empty: it needs a header row"));
            return null;
        }
        Row head = all.get(0);
        if (head.cells().size() == 1) {
            String only = head.cells().get(0).value();
            for (char separator : new char[] {';', '\t'}) {
                if (only.indexOf(separator) >= 0) {
                    errors.add(new PolicyError(
                            file.path(),
                            head.line(),
                            1,
                            "the columns are separated by '" + (separator == '\t' ? "tab" : ";")
                                    + "', not by commas; save the file as \"CSV UTF-8 (comma delimited)\""));
                    return null;
                }
            }
        }
        List<String> header = head.cells().stream().map(Cell::trimmed).toList();
        List<Row> data = new ArrayList<>();
        for (Row r : all.subList(1, all.size())) {
            if (r.cells().stream().allMatch(Cell::isBlank)) {
                continue;
            }
            for (int c = header.size(); c < r.cells().size(); c++) {
                if (!r.cells().get(c).isBlank()) {
                    Cell extra = r.cells().get(c);
                    errors.add(new PolicyError(
                            file.path(),
                            extra.line(),
                            extra.column(),
                            "row " + r.number() + " has " + r.cells().size() + " cells but the header names "
                                    + header.size() + " columns; a value that contains a comma must be in"
                                    + " double quotes (\"2,5\")"));
                    return null;
                }
            }
            data.add(r);
        }
        return new CsvTable(file.path(), head, header, List.copyOf(data));
    }

    /**
     * Finds the columns named {@code required} in the header (case and surrounding spaces do not
     * matter), in that order; adds an error naming every missing or doubled one and returns null.
     */
    int[] columns(List<PolicyError> errors, String... required) {
        int[] at = new int[required.length];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < required.length; i++) {
            at[i] = -1;
            for (int c = 0; c < header.size(); c++) {
                if (header.get(c).equalsIgnoreCase(required[i])) {
                    if (at[i] >= 0) {
                        errors.add(headerError(c, "the header names the column '" + required[i] + "' twice"));
                        return null;
                    }
                    at[i] = c;
                }
            }
            if (at[i] < 0) {
                missing.add("'" + required[i] + "'");
            }
        }
        if (!missing.isEmpty()) {
            errors.add(new PolicyError(
                    file,
                    1,
                    1,
                    "the header row has no column " + String.join(", ", missing) + "; it must name the columns "
                            + String.join(",", required)));
            return null;
        }
        return at;
    }

    /** An error about the header's cell in column {@code index}. */
    PolicyError headerError(int index, String message) {
        Cell c = cell(head, index);
        return new PolicyError(
                file, c.line(), c.column(), "row 1 (the header), column " + letter(index) + ": " + message);
    }

    /** The cell of {@code row} in column {@code index}; an empty cell at the row's end when the row is short. */
    Cell cell(Row row, int index) {
        if (index < row.cells().size()) {
            return row.cells().get(index);
        }
        return new Cell("", row.line(), row.endColumn());
    }

    /** An error about one cell: where it is, in both ways of counting, and what is wrong. */
    PolicyError error(Row row, int index, String message) {
        Cell c = cell(row, index);
        return new PolicyError(file, c.line(), c.column(), where(row, index) + ": " + message);
    }

    /** {@code row 3, column D (Recall window)}. */
    String where(Row row, int index) {
        String name = index < header.size() ? " (" + header.get(index) + ")" : "";
        return "row " + row.number() + ", column " + letter(index) + name;
    }

    /** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
    static String letter(int index) {
        StringBuilder sb = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            sb.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return sb.toString();
    }

    /** Lowercase, single spaces: {@code Latest_Unreplied} and {@code latest  unreplied} read the same. */
    static String word(String value) {
        return value.strip()
                .toLowerCase(Locale.ROOT)
                .replace('_', ' ')
                .replace('-', ' ')
                .replaceAll("\\s+", " ");
    }

    /** The cells of every row of {@code text}, unlocated, for reading a file of the earlier format. */
    static List<List<String>> rawRows(String text) {
        List<List<String>> out = new ArrayList<>();
        for (Row r : parse("", text.startsWith("\uFEFF") ? text.substring(1) : text, new ArrayList<>())) {
            out.add(r.cells().stream().map(Cell::value).toList());
        }
        return out;
    }

    // ---- parsing ----

    private static String decode(byte[] bytes) throws MalformedInputException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String s = decoder.decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (MalformedInputException e) {
            throw e;
        } catch (CharacterCodingException e) {
            throw new MalformedInputException(1);
        }
    }

    private static int offsetOfBadByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    /** 1-based line and column (in characters of the valid text before it) of byte {@code offset}. */
    private static int[] position(byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String before = new String(bytes, lineStart, Math.max(0, offset - lineStart), StandardCharsets.UTF_8);
        return new int[] {line, before.length() + 1};
    }

    private static List<Row> parse(String file, String s, List<PolicyError> errors) {
        List<Row> rows = new ArrayList<>();
        List<Cell> cells = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        int line = 1;
        int lineStart = 0;
        int rowLine = 1;
        int cellLine = 1;
        int cellColumn = 1;
        int i = 0;
        int n = s.length();
        boolean rowHasContent = false;
        while (true) {
            // at the start of a cell
            cellLine = line;
            cellColumn = i - lineStart + 1;
            value.setLength(0);
            if (i < n && s.charAt(i) == '"') {
                int quoteLine = line;
                int quoteColumn = cellColumn;
                i++;
                while (true) {
                    if (i >= n) {
                        errors.add(new PolicyError(
                                file,
                                quoteLine,
                                quoteColumn,
                                "this quoted cell never ends: the closing \" is missing"));
                        return rows;
                    }
                    char c = s.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && s.charAt(i + 1) == '"') {
                            value.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (c == '\n' || (c == '\r' && !(i + 1 < n && s.charAt(i + 1) == '\n'))) {
                        line++;
                        lineStart = i + 1;
                    }
                    value.append(c);
                    i++;
                }
                if (i < n && s.charAt(i) != ',' && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                    errors.add(new PolicyError(
                            file,
                            line,
                            i - lineStart + 1,
                            "after the closing \" of a quoted cell comes a comma or the end of the line;"
                                    + " a \" inside a quoted cell is written \"\""));
                    return rows;
                }
            } else {
                while (i < n) {
                    char c = s.charAt(i);
                    if (c == ',' || c == '\n' || c == '\r') {
                        break;
                    }
                    value.append(c);
                    i++;
                }
            }
            cells.add(new Cell(value.toString(), cellLine, cellColumn));
            rowHasContent |= value.length() > 0;
            if (i < n && s.charAt(i) == ',') {
                i++;
                continue;
            }
            // end of a row: a line break or the end of the text
            int endColumn = i - lineStart + 1;
            if (i < n) {
                i += s.charAt(i) == '\r' && i + 1 < n && s.charAt(i + 1) == '\n' ? 2 : 1;
            }
            if (rowHasContent || cells.size() > 1 || i < n) {
                rows.add(new Row(rows.size() + 1, rowLine, List.copyOf(cells), endColumn));
            }
            cells.clear();
            rowHasContent = false;
            line++;
            lineStart = i;
            rowLine = line;
            if (i >= n) {
                break;
            }
        }
        return rows;
    }
}
