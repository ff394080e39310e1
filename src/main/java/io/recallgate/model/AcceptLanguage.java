package io.recallgate.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The languages a caller asked for, from an HTTP {@code Accept-Language} header (RFC 9110
 * §12.5.4): language ranges with optional weights, e.g. {@code en-US,en;q=0.9,zh;q=0.5}.
 *
 * <p>Negotiation is forgiving, as it should be for a header that only expresses a preference: a
 * malformed entry is skipped, never an error, and a caller whose ranges match nothing gets the
 * policy's default language.
 */
public final class AcceptLanguage {

    /** No preference: the policy's default language. */
    public static final AcceptLanguage NONE = new AcceptLanguage(List.of());

    private static final Pattern RANGE = Pattern.compile("\\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern WEIGHT = Pattern.compile("[qQ]\\s*=\\s*(0(\\.\\d{0,3})?|1(\\.0{0,3})?)");
    private static final int MAX_RANGES = 32;

    /** One language range and its weight; {@code q == 0} means "not this one". */
    public record Range(String tag, double q) {}

    private final List<Range> ranges;

    private AcceptLanguage(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Parses a header value; null, blank or unreadable gives {@link #NONE}. */
    public static AcceptLanguage parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        List<Range> out = new ArrayList<>();
        for (String part : header.split(",", MAX_RANGES + 1)) {
            if (out.size() == MAX_RANGES) {
                break;
            }
            String[] pieces = part.split(";", -1);
            String tag = pieces[0].trim();
            if (!RANGE.matcher(tag).matches()) {
                continue;
            }
            double q = 1.0;
            boolean ok = true;
            for (int i = 1; i < pieces.length; i++) {
                var m = WEIGHT.matcher(pieces[i].trim());
                if (m.matches()) {
                    q = Double.parseDouble(m.group(1));
                } else {
                    ok = false;
                }
            }
            if (ok) {
                out.add(new Range(tag.toLowerCase(Locale.ROOT), q));
            }
        }
        // stable: equal weights keep the caller's order
        out.sort(Comparator.comparingDouble(Range::q).reversed());
        return out.isEmpty() ? NONE : new AcceptLanguage(out);
    }

    public List<Range> ranges() {
        return ranges;
    }

    /**
     * The best of {@code available} (language tags such as {@code zh-CN}, {@code en}) for this
     * caller, or {@code fallback}. For each range, heaviest first: the same tag; else a tag the
     * range narrows ({@code en-US} → {@code en}); else a tag that narrows the range
     * ({@code zh} → {@code zh-CN}); else one of the same language ({@code zh-TW} → {@code zh-CN}).
     * {@code *} stands for the fallback; a tag the caller weighted {@code q=0} is never chosen.
     */
    public String choose(List<String> available, String fallback) {
        for (Range r : ranges) {
            if (r.q() <= 0) {
                continue;
            }
            if (r.tag().equals("*")) {
                return fallback;
            }
            String match = match(r.tag(), available);
            if (match != null) {
                return match;
            }
        }
        return fallback;
    }

    private String match(String range, List<String> available) {
        String primary = primary(range);
        String narrowed = null;
        String widened = null;
        String sameLanguage = null;
        for (String tag : available) {
            String t = tag.toLowerCase(Locale.ROOT);
            if (refused(t)) {
                continue;
            }
            if (t.equals(range)) {
                return tag;
            }
            if (range.startsWith(t + "-")) {
                if (narrowed == null || t.length() > narrowed.length()) {
                    narrowed = tag; // the longest: en-US-x prefers en-US to en
                }
            } else if (widened == null && t.startsWith(range + "-")) {
                widened = tag;
            } else if (sameLanguage == null && primary(t).equals(primary)) {
                sameLanguage = tag;
            }
        }
        return narrowed != null ? narrowed : widened != null ? widened : sameLanguage;
    }

    private boolean refused(String tag) {
        for (Range r : ranges) {
            if (r.q() <= 0 && r.tag().equals(tag)) {
                return true;
            }
        }
        return false;
    }

    private static String primary(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? tag : tag.substring(0, dash);
    }

    @Override
    public String toString() {
        return "AcceptLanguage" + ranges;
    }
}
