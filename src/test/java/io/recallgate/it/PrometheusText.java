package io.recallgate.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, strict reader of the Prometheus text exposition format (version 0.0.4): {@code # HELP}
 * and {@code # TYPE} lines, and samples {@code name{label="value",...} value [timestamp]}. Anything
 * else is an error, so a scrape that Prometheus could not read fails the test.
 */
final class PrometheusText {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Set<String> SUFFIXES = Set.of("_bucket", "_count", "_sum", "_total", "_created", "_max");

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
        String label(String key) {
            return labels.get(key);
        }
    }

    final Map<String, String> types = new LinkedHashMap<>();
    final Map<String, String> help = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {}

    /** Parses the whole text; IllegalArgumentException names the first bad line. */
    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                if (i != lines.length - 1) {
                    throw bad(i, line, "empty line inside the exposition");
                }
                continue;
            }
            try {
                p.line(line);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw bad(i, line, e.getMessage());
            }
        }
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        return p;
    }

    private static IllegalArgumentException bad(int i, String line, String why) {
        return new IllegalArgumentException("line " + (i + 1) + ": " + why + ": " + line);
    }

    private void line(String line) {
        if (line.startsWith("#")) {
            Matcher h = HELP.matcher(line);
            Matcher t = TYPE.matcher(line);
            if (h.matches()) {
                if (help.put(h.group(1), h.group(2)) != null) {
                    throw new IllegalArgumentException("second HELP for " + h.group(1));
                }
            } else if (t.matches()) {
                if (types.put(t.group(1), t.group(2)) != null) {
                    throw new IllegalArgumentException("second TYPE for " + t.group(1));
                }
            } else if (line.startsWith("# HELP") || line.startsWith("# TYPE")) {
                throw new IllegalArgumentException("malformed HELP/TYPE line");
            }
            return; // other comments are allowed
        }
        int pos = 0;
        Matcher n = NAME.matcher(line);
        if (!n.lookingAt()) {
            throw new IllegalArgumentException("no metric name");
        }
        String name = n.group();
        pos = n.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (pos < line.length() && line.charAt(pos) == '{') {
            pos++;
            while (true) {
                if (line.charAt(pos) == '}') {
                    pos++;
                    break;
                }
                Matcher ln = LABEL_NAME.matcher(line).region(pos, line.length());
                if (!ln.lookingAt()) {
                    throw new IllegalArgumentException("bad label name at column " + pos);
                }
                String key = ln.group();
                pos = ln.end();
                if (line.charAt(pos) != '=' || line.charAt(pos + 1) != '"') {
                    throw new IllegalArgumentException("expected =\" after label " + key);
                }
                pos += 2;
                StringBuilder value = new StringBuilder();
                while (line.charAt(pos) != '"') {
                    char c = line.charAt(pos);
                    if (c == '\\') {
                        char e = line.charAt(pos + 1);
                        switch (e) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw new IllegalArgumentException("bad escape \\" + e);
                        }
                        pos += 2;
                    } else {
                        value.append(c);
                        pos++;
                    }
                }
                pos++;
                if (labels.put(key, value.toString()) != null) {
                    throw new IllegalArgumentException("label " + key + " twice");
                }
                if (line.charAt(pos) == ',') {
                    pos++;
                } else if (line.charAt(pos) != '}') {
                    throw new IllegalArgumentException("expected , or } at column " + pos);
                }
            }
        }
        if (pos >= line.length() || line.charAt(pos) != ' ') {
            throw new IllegalArgumentException("expected a space before the value");
        }
        String[] rest = line.substring(pos + 1).split(" ");
        if (rest.length < 1 || rest.length > 2) {
            throw new IllegalArgumentException("expected a value and an optional timestamp");
        }
        double value = number(rest[0]);
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        if (family(name) == null) {
            throw new IllegalArgumentException("sample " + name + " has no TYPE line before it");
        }
        samples.add(new Sample(name, Map.copyOf(labels), value));
    }

    /** The TYPE-declared family a sample belongs to, or null. */
    String family(String sampleName) {
        if (types.containsKey(sampleName)) {
            return sampleName;
        }
        for (String s : SUFFIXES) {
            if (sampleName.endsWith(s)) {
                String base = sampleName.substring(0, sampleName.length() - s.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return null;
    }

    private static double number(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The sum of the named samples whose labels include {@code match}. */
    double sum(String name, Map<String, String> match) {
        double total = 0;
        for (Sample s : samples(name)) {
            if (s.labels().entrySet().containsAll(match.entrySet())) {
                total += s.value();
            }
        }
        return total;
    }

    Set<String> names() {
        Map<String, Boolean> out = new HashMap<>();
        samples.forEach(s -> out.put(s.name(), true));
        return out.keySet();
    }
}
