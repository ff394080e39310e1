package io.recallgate.policy;

import io.recallgate.model.AcceptLanguage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sentences shown for each reason code, per language ({@value #FILE}): the first column is
 * the reason code, then one column per language, headed by its tag ({@code zh-CN}, {@code en}).
 * The first language column is the policy's default language: every code needs a sentence in it.
 * A missing translation falls back to the default language (and {@code check} lists it).
 */
public final class Messages {

    static final String FILE = "messages.csv";
    static final String CODE_COLUMN = "Reason code";

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    /** The languages of the table, the default first. */
    private final List<String> languages;
    /** code → sentence per language index; a missing translation already holds the default sentence. */
    private final Map<String, String[]> sentences;

    private Messages(List<String> languages, Map<String, String[]> sentences) {
        this.languages = List.copyOf(languages);
        this.sentences = sentences;
    }

    public String defaultLanguage() {
        return languages.get(0);
    }

    /** The codes that have a sentence. */
    public java.util.Set<String> codes() {
        return java.util.Collections.unmodifiableSet(sentences.keySet());
    }

    /** The language to answer a caller in: the best match of their preference, else the default. */
    public String language(AcceptLanguage preference) {
        return preference.choose(languages, defaultLanguage());
    }

    /** The sentence for {@code code} in {@code language} (one of the table's languages), or null for an unknown code. */
    public String sentence(String code, String language) {
        String[] s = sentences.get(code);
        if (s == null) {
            return null;
        }
        int i = languages.indexOf(language);
        return s[i < 0 ? 0 : i];
    }

    /** Reads the table; null when it is missing or has an error (added to {@code errors}). */
    static Messages read(RuleFolder folder, List<PolicyError> errors, List<PolicyError> warnings) {
        RuleFile file = folder.file(FILE);
        if (file == null) {
            errors.add(new PolicyError(
                    FILE,
                    0,
                    0,
                    "this file is missing: it holds the sentence shown for each reason code, per language;"
                            + " create it with the header row '" + CODE_COLUMN
                            + ",zh-CN,en' (the first language is the default)"));
            return null;
        }
        CsvTable t = CsvTable.read(file, "the messages table", errors);
        if (t == null) {
            return null;
        }
        int before = errors.size();
        List<String> header = t.header();
        if (header.isEmpty() || !header.get(0).equalsIgnoreCase(CODE_COLUMN) || header.size() < 2) {
            errors.add(new PolicyError(
                    FILE,
                    1,
                    1,
                    "the header row must be '" + CODE_COLUMN
                            + "', then one column per language (e.g. zh-CN,en); the first language is the"
                            + " default"));
            return null;
        }
        List<String> languages = new ArrayList<>();
        for (int c = 1; c < header.size(); c++) {
            String tag = header.get(c);
            Locale locale = Locale.forLanguageTag(tag);
            if (tag.isEmpty()
                    || locale.getLanguage().isEmpty()
                    || !locale.toLanguageTag().equalsIgnoreCase(tag)) {
                errors.add(
                        t.headerError(c, "'" + tag + "' is not a language tag; write one such as zh-CN, zh-TW or en"));
                continue;
            }
            if (languages.stream().anyMatch(tag::equalsIgnoreCase)) {
                errors.add(t.headerError(c, "the language " + tag + " has two columns"));
                continue;
            }
            languages.add(tag);
        }
        if (errors.size() > before) {
            return null;
        }
        Map<String, String[]> sentences = new LinkedHashMap<>();
        Map<String, Integer> rowOf = new HashMap<>();
        for (CsvTable.Row row : t.rows()) {
            String code = t.cell(row, 0).trimmed();
            if (!CODE.matcher(code).matches()) {
                errors.add(t.error(
                        row,
                        0,
                        (code.isEmpty() ? "no reason code" : "'" + code + "' is not a reason code")
                                + "; write it as the rules name it: UPPER_SNAKE_CASE, e.g. WINDOW_EXPIRED"));
                continue;
            }
            Integer first = rowOf.putIfAbsent(code, row.number());
            if (first != null) {
                errors.add(t.error(row, 0, code + " already has a row (row " + first + ")"));
                continue;
            }
            String[] s = new String[languages.size()];
            String fallback = t.cell(row, 1).trimmed();
            if (fallback.isEmpty()) {
                errors.add(t.error(
                        row,
                        1,
                        code + " has no sentence in " + languages.get(0)
                                + ", the default language (the first language column)"));
                continue;
            }
            for (int i = 0; i < languages.size(); i++) {
                String sentence = t.cell(row, i + 1).trimmed();
                if (sentence.isEmpty()) {
                    warnings.add(t.error(
                            row,
                            i + 1,
                            code + " has no " + languages.get(i) + " sentence; callers who ask for " + languages.get(i)
                                    + " get the " + languages.get(0) + " one"));
                    sentence = fallback;
                }
                s[i] = sentence;
            }
            sentences.put(code, s);
        }
        if (errors.size() > before) {
            return null;
        }
        return new Messages(languages, sentences);
    }
}
