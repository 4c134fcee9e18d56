package dev.patchlane.worker.guard;

import dev.patchlane.decoding.StreamGuard;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a diff line by line as it streams and cancels it at the first line that shows it is going wrong: a file the
 * job did not ask for, or a hunk whose lines do not add up to what its header declared. Waiting for the rest of such a
 * stream only costs time; the job is escalated with the reason instead.
 */
final class DiffStreamGuard implements StreamGuard {

    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,(\\d+))? \\+\\d+(?:,(\\d+))? @@");

    private final Set<String> targets;
    private final boolean mayCreateFiles;
    private int scanned;
    private boolean fromDevNull;
    private int oldLeft;
    private int newLeft;
    private String hunk;
    private String closedHunk;

    DiffStreamGuard(Set<String> targets, boolean mayCreateFiles) {
        this.targets = Set.copyOf(targets);
        this.mayCreateFiles = mayCreateFiles;
    }

    @Override
    public Optional<String> check(CharSequence textSoFar) {
        if (textSoFar.length() < scanned) {
            scanned = 0;
            fromDevNull = false;
            hunk = null;
            closedHunk = null;
        }
        int lineEnd;
        while ((lineEnd = indexOf(textSoFar, '\n', scanned)) >= 0) {
            // a CRLF reply: the line is what comes before "\r\n", so a blank context line is blank here as well
            int contentEnd = lineEnd > scanned && textSoFar.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
            String line = textSoFar.subSequence(scanned, contentEnd).toString();
            scanned = lineEnd + 1;
            Optional<String> problem = hunk != null ? checkHunkLine(line) : checkHeaderLine(line);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private Optional<String> checkHunkLine(String line) {
        char kind = line.isEmpty() ? ' ' : line.charAt(0);
        switch (kind) {
            case ' ' -> {
                oldLeft--;
                newLeft--;
            }
            case '-' -> oldLeft--;
            case '+' -> newLeft--;
            case '\\' -> {
                return Optional.empty();
            }
            default -> {
                return Optional.of("the hunk " + printable(hunk) + " ends " + oldLeft + " old and " + newLeft
                        + " new lines short of its header");
            }
        }
        if (oldLeft < 0 || newLeft < 0) {
            return Optional.of("the hunk " + printable(hunk) + " has more lines than its header declares");
        }
        if (oldLeft == 0 && newLeft == 0) {
            closedHunk = hunk;
            hunk = null;
        }
        return Optional.empty();
    }

    private Optional<String> checkHeaderLine(String line) {
        String previousHunk = closedHunk;
        closedHunk = null;
        if (previousHunk != null && continuesHunk(line)) {
            return Optional.of("the hunk " + printable(previousHunk) + " has more lines than its header declares");
        }
        if (line.startsWith("@@ ")) {
            Matcher header = HUNK.matcher(line);
            if (!header.find()) {
                return Optional.of("the hunk header " + printable(line) + " is not a unified diff header");
            }
            oldLeft = header.group(1) == null ? 1 : Integer.parseInt(header.group(1));
            newLeft = header.group(2) == null ? 1 : Integer.parseInt(header.group(2));
            hunk = oldLeft == 0 && newLeft == 0 ? null : line;
            return Optional.empty();
        }
        if (line.startsWith("--- ")) {
            String path = path(line.substring(4), "a/");
            fromDevNull = path == null;
            return path == null || targets.contains(path) ? Optional.empty() : outside(path);
        }
        if (line.startsWith("+++ ")) {
            String path = path(line.substring(4), "b/");
            if (path == null || targets.contains(path)) {
                return Optional.empty();
            }
            return fromDevNull && mayCreateFiles ? Optional.empty() : outside(path);
        }
        return Optional.empty();
    }

    private static boolean continuesHunk(String line) {
        return line.startsWith("+") && !line.startsWith("+++ ") || line.startsWith("-") && !line.startsWith("--- ")
                || line.startsWith(" ");
    }

    private Optional<String> outside(String path) {
        return Optional.of("the diff touches " + printable(path) + ", which is not one of the job's files " + targets);
    }

    /** The repository path of a {@code ---}/{@code +++} header, or null for {@code /dev/null}. */
    private static String path(String header, String prefix) {
        String name = header.split("\t", 2)[0].strip();
        if (name.equals("/dev/null")) {
            return null;
        }
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    private static String printable(String text) {
        String clean = text.replaceAll("\\p{C}", "?");
        return clean.length() <= 200 ? clean : clean.substring(0, 200) + "...";
    }

    private static int indexOf(CharSequence text, char c, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
