package dev.patchlane.codebase.safety;

import dev.patchlane.codebase.safety.SecretScanner.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Replaces the credentials in plain text (a file, a search hit, a check's output) with {@code [REDACTED:<RULE>]} markers
 * before a model sees it, by {@link SecretScanner}'s rules. A private key is redacted from its BEGIN line through its END
 * line, or to the end of the text when no END follows; a line longer than {@link SecretScanner#MAX_LINE_LENGTH} is
 * replaced whole. Every line stays a line, with its line end, so line numbers a model reads still name the file's lines.
 * Linear in the text's length: the patterns are bounded, and an overlong line is not matched against them.
 */
public final class SecretRedactor {

    public static final String MARKER_PREFIX = "[REDACTED:";

    private static final Pattern MARKER = Pattern.compile(Pattern.quote(MARKER_PREFIX)
            + Arrays.stream(Rule.values()).map(Rule::name).collect(Collectors.joining("|", "(?:", ")")) + "\\]");
    private static final Pattern KEY_END = Pattern.compile("-----END (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY-----");
    // Every BEGIN the PRIVATE_KEY rule matches holds this, so a line without it cannot open a key block.
    private static final String KEY_HINT = "PRIVATE KEY-----";

    /**
     * Text with its secrets replaced.
     *
     * @param text the text with markers where secrets were
     * @param count how many secrets were replaced: a private key block or an overlong line counts once
     * @param rules the rules whose secrets were replaced
     */
    public record Redaction(String text, int count, Set<Rule> rules) {

        public Redaction {
            rules = rules.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(rules));
        }

        public boolean changed() {
            return count > 0;
        }
    }

    private SecretRedactor() {
    }

    /** The marker that stands for a secret found by this rule. */
    public static String marker(Rule rule) {
        return MARKER_PREFIX + rule.name() + "]";
    }

    /** Whether the text holds a marker this class writes. */
    public static boolean holdsMarker(CharSequence text) {
        return text != null && MARKER.matcher(text).find();
    }

    public static Redaction redact(String text) {
        if (text == null || text.isEmpty()) {
            return new Redaction(text, 0, Set.of());
        }
        Run run = new Run(text.length());
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            int contentEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            run.line(text.substring(start, contentEnd));
            run.out.append(text, contentEnd, newline < 0 ? end : newline + 1);
            start = newline < 0 ? end : newline + 1;
        }
        return run.count == 0 ? new Redaction(text, 0, Set.of()) : new Redaction(run.out.toString(), run.count, run.rules);
    }

    /** One pass over a text: what has been written and whether the pass is inside a private key. */
    private static final class Run {
        private final StringBuilder out;
        private final Set<Rule> rules = EnumSet.noneOf(Rule.class);
        private int count;
        private boolean inKey;

        Run(int length) {
            out = new StringBuilder(length);
        }

        void line(String line) {
            if (inKey) {
                Matcher end = KEY_END.matcher(line);
                out.append(marker(Rule.PRIVATE_KEY));
                if (!end.find()) {
                    return;
                }
                inKey = false;
                line(line.substring(end.end()));
                return;
            }
            if (line.length() > SecretScanner.MAX_LINE_LENGTH) {
                found(Rule.LINE_TOO_LONG_TO_SCAN);
                out.append(marker(Rule.LINE_TOO_LONG_TO_SCAN));
                inKey = line.contains(KEY_HINT) && opensKey(line);
                return;
            }
            List<Span> spans = spans(line);
            int at = 0;
            for (Span span : spans) {
                found(span.rule());
                out.append(line, at, span.start()).append(marker(span.rule()));
                at = span.end();
                inKey |= span.opensKey();
            }
            out.append(line, at, line.length());
        }

        private void found(Rule rule) {
            count++;
            rules.add(rule);
        }
    }

    /** A part of a line to replace; {@code opensKey} when it is a BEGIN line whose key goes on below it. */
    private record Span(int start, int end, Rule rule, boolean opensKey) {
    }

    /** The secrets of one line, in order, without overlaps and without any that overlaps a marker already there. */
    private static List<Span> spans(String line) {
        List<Span> found = new ArrayList<>();
        for (Rule rule : Rule.values()) {
            if (rule.pattern() == null || rule == Rule.PRIVATE_KEY && !line.contains(KEY_HINT)) {
                continue;
            }
            if (rule == Rule.PRIVATE_KEY) {
                keySpans(line, found);
                continue;
            }
            Matcher match = rule.pattern().matcher(line);
            while (match.find()) {
                if (rule.accepts(match)) {
                    found.add(new Span(match.start(rule.secretGroup()), match.end(rule.secretGroup()), rule, false));
                }
            }
        }
        if (found.isEmpty()) {
            return found;
        }
        List<int[]> markers = new ArrayList<>();
        Matcher marker = MARKER.matcher(line);
        while (marker.find()) {
            markers.add(new int[] {marker.start(), marker.end()});
        }
        found.removeIf(span -> markers.stream().anyMatch(m -> span.start() < m[1] && m[0] < span.end()));
        // At one place the earlier rule, the more specific one, names the marker.
        found.sort(Comparator.comparingInt(Span::start).thenComparingInt(span -> span.rule().ordinal()));
        List<Span> merged = new ArrayList<>();
        for (Span span : found) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && span.start() < last.end()) {
                merged.set(merged.size() - 1, new Span(last.start(), Math.max(last.end(), span.end()), last.rule(),
                        last.opensKey() || span.opensKey()));
            } else {
                merged.add(span);
            }
        }
        return merged;
    }

    /** Each BEGIN through its END on the same line, or through the end of the line when the key goes on below. */
    private static void keySpans(String line, List<Span> found) {
        Matcher begin = Rule.PRIVATE_KEY.pattern().matcher(line);
        Matcher end = KEY_END.matcher(line);
        int from = 0;
        while (from <= line.length() && begin.find(from)) {
            if (!end.find(begin.end())) {
                found.add(new Span(begin.start(), line.length(), Rule.PRIVATE_KEY, true));
                return;
            }
            found.add(new Span(begin.start(), end.end(), Rule.PRIVATE_KEY, false));
            from = end.end();
        }
    }

    /** Whether a line's last BEGIN has no END after it on the line. */
    private static boolean opensKey(String line) {
        List<Span> keys = new ArrayList<>();
        keySpans(line, keys);
        return !keys.isEmpty() && keys.get(keys.size() - 1).opensKey();
    }
}
