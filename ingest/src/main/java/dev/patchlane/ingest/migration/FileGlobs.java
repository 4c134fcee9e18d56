package dev.patchlane.ingest.migration;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Include and exclude globs over repository-relative paths: {@code *} within a directory, {@code **} across
 * directories ({@code **}{@code /} also matching none, as in git), {@code ?}, {@code [...]} and {@code {a,b}}.
 * Globs come from whoever submits a manifest, so each match runs on a step budget: a pattern that would backtrack
 * for ever on some path (e.g. many stars against a long name) fails the match with a reason instead of a worker.
 */
final class FileGlobs {

    /** Character reads one path match may take; ordinary globs on ordinary paths need a few hundred. */
    static final int MATCH_BUDGET = 200_000;

    /** A glob that would take too long on a path. */
    static final class TooExpensive extends RuntimeException {
        TooExpensive(String glob, String path) {
            super("the glob '" + glob + "' is too expensive to match against " + path, null, false, false);
        }
    }

    private record Glob(String text, Pattern regex) {
    }

    private final List<Glob> include;
    private final List<Glob> exclude;

    FileGlobs(List<String> include, List<String> exclude) {
        this.include = include.stream().map(FileGlobs::compile).toList();
        this.exclude = exclude.stream().map(FileGlobs::compile).toList();
    }

    boolean matches(String path) {
        return (include.isEmpty() || include.stream().anyMatch(g -> matches(g, path)))
                && exclude.stream().noneMatch(g -> matches(g, path));
    }

    private static boolean matches(Glob glob, String path) {
        try {
            return glob.regex().matcher(new BudgetedText(path, MATCH_BUDGET)).matches();
        } catch (BudgetedText.Exhausted e) {
            throw new TooExpensive(glob.text(), path);
        }
    }

    private static Glob compile(String glob) {
        StringBuilder regex = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                        boolean slash = i + 1 < glob.length() && glob.charAt(i + 1) == '/';
                        regex.append(slash ? "(?:.*/)?" : ".*");
                        i += slash ? 1 : 0;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '[' -> i = characterClass(glob, i, regex);
                case '{' -> {
                    if (braces > 0) {
                        throw new IllegalArgumentException("nested '{' groups are not supported: " + glob);
                    }
                    braces++;
                    regex.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        throw new IllegalArgumentException("unmatched '}' in " + glob);
                    }
                    braces--;
                    regex.append(')');
                }
                case ',' -> regex.append(braces > 0 ? "|" : ",");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            throw new IllegalArgumentException("unmatched '{' in " + glob);
        }
        try {
            return new Glob(glob, Pattern.compile(regex.toString()));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a glob: " + glob, e);
        }
    }

    /** Copies {@code [...]} (with {@code !} for negation) as a class that never matches {@code /}; returns its end. */
    private static int characterClass(String glob, int start, StringBuilder regex) {
        int end = glob.indexOf(']', start + 2);
        if (end < 0) {
            throw new IllegalArgumentException("unclosed '[' in " + glob);
        }
        String body = glob.substring(start + 1, end);
        boolean negated = body.startsWith("!");
        StringBuilder members = new StringBuilder();
        for (char member : (negated ? body.substring(1) : body).toCharArray()) {
            members.append("\\[]^&".indexOf(member) >= 0 ? "\\" + member : String.valueOf(member));
        }
        regex.append(negated ? "[^/" : "(?!/)[").append(members).append(']');
        return end;
    }
}
