package io.dialgate.gateway.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The series selectors of a PromQL expression, and whether a scrape has series they select.
 *
 * <p>Written by hand because no maintained PromQL parser for Java is published on Maven Central (the reference
 * parser is Go). It reads only what selecting needs: metric names, the {@code {...}} matchers after them, and
 * enough of the rest to skip it (function and aggregation calls, {@code by/without/on/ignoring/group_left/
 * group_right} label lists, {@code [5m]} ranges, numbers, strings, operators). Its own test runs it on made-up
 * expressions, including ones that must fail.
 */
final class PromSelectors {

    /** One matcher: {@code label op "value"}, op one of {@code = != =~ !~}. */
    record Matcher(String label, String op, String value) {

        boolean matches(String actual) {
            String v = actual == null ? "" : actual; // PromQL: a missing label matches as the empty string
            return switch (op) {
                case "=" -> v.equals(value);
                case "!=" -> !v.equals(value);
                case "=~" -> Pattern.compile(value).matcher(v).matches(); // PromQL regexes are anchored at both ends
                case "!~" -> !Pattern.compile(value).matcher(v).matches();
                default -> throw new IllegalArgumentException("matcher operator " + op);
            };
        }

        /**
         * The literal values this matcher names: the value of {@code =} and {@code !=}, and the alternatives of a
         * regex that is a plain alternation of words ({@code a|b|c}); empty for any other regex.
         */
        List<String> namedValues() {
            if (op.equals("=") || op.equals("!=")) {
                return List.of(value);
            }
            return LITERAL_ALTERNATION.matcher(value).matches() ? List.of(value.split("\\|")) : List.of();
        }

        @Override
        public String toString() {
            return label + op + '"' + value + '"';
        }
    }

    /** A vector selector: a metric name (null when only matchers are given) and its matchers. */
    record Selector(String name, List<Matcher> matchers) {
        @Override
        public String toString() {
            return (name == null ? "" : name) + matchers;
        }
    }

    /** One scraped series: metric name, labels, value. */
    record Series(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LITERAL_ALTERNATION = Pattern.compile("[A-Za-z0-9_.:-]+(\\|[A-Za-z0-9_.:-]+)*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "atan2");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    private PromSelectors() {
    }

    /** Every vector selector in {@code expr}, in order. */
    static List<Selector> of(String expr) {
        List<Selector> selectors = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '#') {
                while (i < n && expr.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1; // a range or subquery duration holds no selector
            } else if (c == '{') {
                List<Matcher> matchers = new ArrayList<>();
                i = readMatchers(expr, i, matchers);
                selectors.add(new Selector(null, matchers));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++; // numbers, and durations after offset (5m): letters included
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpace(expr, i);
                String lower = word.toLowerCase(java.util.Locale.ROOT);
                if (LABEL_LIST_KEYWORDS.contains(lower)) {
                    if (next < n && expr.charAt(next) == '(') {
                        i = expr.indexOf(')', next) + 1; // label names, not metrics
                    }
                } else if (KEYWORDS.contains(lower)) {
                    // an operator word
                } else if (next < n && expr.charAt(next) == '(') {
                    // a function or aggregation call: its arguments are read on
                } else if (startsWord(expr, next, "by") || startsWord(expr, next, "without")) {
                    // an aggregation written "max by (x) (...)"
                } else if (next < n && expr.charAt(next) == '{') {
                    List<Matcher> matchers = new ArrayList<>();
                    i = readMatchers(expr, next, matchers);
                    selectors.add(new Selector(word, matchers));
                } else {
                    selectors.add(new Selector(word, List.of()));
                }
            } else {
                i++; // operators and parentheses
            }
        }
        return selectors;
    }

    /** The series of {@code scrape} that {@code selector} selects (target labels set by Prometheus left out). */
    static List<Series> select(Selector selector, List<Series> scrape, Set<String> targetLabels) {
        return scrape.stream()
                .filter(s -> selector.name() == null || s.name().equals(selector.name()))
                .filter(s -> selector.matchers().stream().allMatch(m -> targetLabels.contains(m.label())
                        || m.matches(m.label().equals("__name__") ? s.name() : s.labels().get(m.label()))))
                .toList();
    }

    /**
     * What is wrong with {@code selector} against {@code scrape}, or an empty list: it selects no series; or a
     * matcher names a value (one alternative of {@code a|b}, or the value a negative matcher excludes) that no
     * series of the metric carries, which is how an alert silently stops matching when the code renames a value.
     */
    static List<String> problems(Selector selector, List<Series> scrape, Set<String> targetLabels) {
        List<String> problems = new ArrayList<>();
        if (select(selector, scrape, targetLabels).isEmpty()) {
            problems.add(selector + " selects no series");
        }
        List<Series> ofMetric = select(new Selector(selector.name(), List.of()), scrape, targetLabels);
        for (Matcher m : selector.matchers()) {
            if (targetLabels.contains(m.label()) || m.label().equals("__name__")) {
                continue;
            }
            for (String value : m.namedValues()) {
                if (ofMetric.stream().noneMatch(s -> value.equals(s.labels().get(m.label())))) {
                    problems.add(selector + " names " + m.label() + "=\"" + value + "\", which no series carries");
                }
            }
        }
        return problems;
    }

    /** Reads a Prometheus text-format scrape (comments skipped). */
    static List<Series> parseScrape(String text) {
        List<Series> series = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            int rest;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                rest = readLabels(line, brace, labels);
            } else {
                name = line.substring(0, space);
                rest = space;
            }
            String[] valueAndTime = line.substring(rest).trim().split(" ");
            series.add(new Series(name, labels, Double.parseDouble(valueAndTime[0])));
        }
        return series;
    }

    private static int readLabels(String line, int brace, Map<String, String> labels) {
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String label = line.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // past ="
            while (line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\') {
                    char e = line.charAt(++j);
                    value.append(e == 'n' ? '\n' : e);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(label, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }

    private static int readMatchers(String expr, int brace, List<Matcher> out) {
        int i = brace + 1;
        while (true) {
            i = skipSpace(expr, i);
            if (expr.charAt(i) == '}') {
                return i + 1;
            }
            int start = i;
            while (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_') {
                i++;
            }
            String label = expr.substring(start, i);
            i = skipSpace(expr, i);
            String op = expr.startsWith("=~", i) ? "=~" : expr.startsWith("!~", i) ? "!~"
                    : expr.startsWith("!=", i) ? "!=" : "=";
            i = skipSpace(expr, i + op.length());
            int end = skipString(expr, i);
            String value = unquote(expr.substring(i, end));
            out.add(new Matcher(label, op, value));
            i = skipSpace(expr, end);
            if (expr.charAt(i) == ',') {
                i++;
            }
        }
    }

    private static String unquote(String quoted) {
        String body = quoted.substring(1, quoted.length() - 1);
        if (quoted.charAt(0) == '`') {
            return body; // raw string
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                out.append(body.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int skipString(String expr, int open) {
        char quote = expr.charAt(open);
        int i = open + 1;
        while (expr.charAt(i) != quote) {
            if (expr.charAt(i) == '\\' && quote != '`') {
                i++;
            }
            i++;
        }
        return i + 1;
    }

    private static int skipSpace(String expr, int i) {
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean startsWord(String expr, int i, String word) {
        return expr.startsWith(word, i) && (i + word.length() == expr.length()
                || !Character.isLetterOrDigit(expr.charAt(i + word.length())) && expr.charAt(i + word.length()) != '_');
    }
}
