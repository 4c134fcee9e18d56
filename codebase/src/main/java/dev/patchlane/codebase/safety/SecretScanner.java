package dev.patchlane.codebase.safety;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials on the added lines of a unified diff. Findings name the file, the new-file line and the rule, never the
 * secret. Every pattern uses bounded quantifiers without nested repetition, so matching stays linear in the line length.
 */
public final class SecretScanner {

    /** Longer added lines are not matched but reported as {@link Rule#LINE_TOO_LONG_TO_SCAN}, so a scan never silently passes them. */
    public static final int MAX_LINE_LENGTH = 10_000;

    static final int MIN_SECRET_LENGTH = 20;
    static final double MIN_ENTROPY_BITS_PER_CHAR = 4.0;

    public enum Rule {
        GITHUB_TOKEN("\\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}(?![A-Za-z0-9])"),
        GITHUB_FINE_GRAINED_TOKEN("\\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9])"),
        AWS_ACCESS_KEY_ID("\\b(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])"),
        AWS_SECRET_ACCESS_KEY(
                "(?i)aws_?secret_?(?:access_?)?key[\"']?\\s{0,5}[:=]{1,2}\\s{0,5}[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"),
        SLACK_TOKEN("\\bxox[abposr]-[A-Za-z0-9-]{10,250}"),
        SLACK_WEBHOOK("https://hooks\\.slack\\.com/services/T[A-Za-z0-9_]{4,20}/B[A-Za-z0-9_]{4,20}/[A-Za-z0-9_]{8,64}"),
        PRIVATE_KEY("-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY-----"),
        HIGH_ENTROPY_ASSIGNMENT("(?i)(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|auth)"
                + "(?:[_-]?(?:key|value)|[_-][A-Za-z0-9_]{1,30})?[\"']?"
                + "\\s{0,5}[:=]{1,2}\\s{0,5}[\"']?([^\"'\\s]{" + MIN_SECRET_LENGTH + ",200})"),
        LINE_TOO_LONG_TO_SCAN(null);

        private final Pattern pattern;
        private final int secretGroup;

        Rule(String regex) {
            this.pattern = regex == null ? null : Pattern.compile(regex);
            this.secretGroup = pattern == null ? 0 : Math.min(1, pattern.matcher("").groupCount());
        }

        /** The rule's pattern, or null for a rule no pattern decides; shared with {@link SecretRedactor}. */
        Pattern pattern() {
            return pattern;
        }

        /**
         * Whether a match of {@link #pattern()} is a credential: an assignment only when its value looks random and is not
         * a {@link SecretRedactor} marker, which a patch is refused for by its own rule.
         */
        boolean accepts(Matcher match) {
            return this != HIGH_ENTROPY_ASSIGNMENT
                    || entropy(match.group(1)) >= MIN_ENTROPY_BITS_PER_CHAR && !SecretRedactor.holdsMarker(match.group(1));
        }

        /** The part of a match that is the secret: the assigned value where the pattern captures one, else all of it. */
        int secretGroup() {
            return secretGroup;
        }
    }

    /** Receives each added line of a diff with its path and new-file line number. */
    @FunctionalInterface
    interface AddedLine {
        void accept(String path, int lineNumber, String text);
    }

    /** A credential found on an added line; deliberately holds no part of the line. */
    public record Finding(String path, int line, Rule rule) {
    }

    private static final Pattern HUNK_HEADER = Pattern.compile("^@@ -(\\d{1,9})(?:,(\\d{1,9}))? \\+(\\d{1,9})(?:,(\\d{1,9}))? @@");

    private SecretScanner() {
    }

    public static List<Finding> scan(String unifiedDiff) {
        List<Finding> findings = new ArrayList<>();
        addedLines(unifiedDiff, (path, lineNumber, text) -> scanLine(path, lineNumber, text, findings));
        return findings;
    }

    /** Walks the added lines of the files a diff adds or changes, those of deleted files excepted. */
    static void addedLines(String unifiedDiff, AddedLine added) {
        String path = null;
        int newLine = 0;
        int oldLeft = 0;
        int newLeft = 0;
        for (String line : unifiedDiff.split("\n", -1)) {
            if (oldLeft > 0 || newLeft > 0) {
                if (line.startsWith("+")) {
                    if (path != null) {
                        added.accept(path, newLine, line.substring(1));
                    }
                    newLine++;
                    newLeft--;
                } else if (line.startsWith("-")) {
                    oldLeft--;
                } else if (!line.startsWith("\\")) {
                    newLine++;
                    oldLeft--;
                    newLeft--;
                }
                continue;
            }
            if (line.startsWith("+++ ")) {
                path = pathOf(line.substring(4));
                continue;
            }
            Matcher hunk = HUNK_HEADER.matcher(line);
            if (hunk.find()) {
                oldLeft = hunk.group(2) == null ? 1 : Integer.parseInt(hunk.group(2));
                newLine = Integer.parseInt(hunk.group(3));
                newLeft = hunk.group(4) == null ? 1 : Integer.parseInt(hunk.group(4));
            }
        }
    }

    private static void scanLine(String path, int lineNumber, String text, List<Finding> findings) {
        if (text.length() > MAX_LINE_LENGTH) {
            findings.add(new Finding(path, lineNumber, Rule.LINE_TOO_LONG_TO_SCAN));
            return;
        }
        for (Rule rule : Rule.values()) {
            if (rule.pattern != null && matches(rule, text)) {
                findings.add(new Finding(path, lineNumber, rule));
            }
        }
    }

    private static boolean matches(Rule rule, String text) {
        Matcher matcher = rule.pattern.matcher(text);
        while (matcher.find()) {
            if (rule.accepts(matcher)) {
                return true;
            }
        }
        return false;
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String value) {
        Map<Integer, Integer> counts = new HashMap<>();
        value.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        double length = value.codePointCount(0, value.length());
        double bits = 0;
        for (int count : counts.values()) {
            double p = count / length;
            bits -= p * Math.log(p) / Math.log(2);
        }
        return bits;
    }

    private static String pathOf(String header) {
        String path = header.endsWith("\r") ? header.substring(0, header.length() - 1) : header;
        int tab = path.indexOf('\t');
        if (tab >= 0) {
            path = path.substring(0, tab);
        }
        if (path.equals("/dev/null")) {
            return null;
        }
        return path.startsWith("b/") ? path.substring(2) : path;
    }
}
