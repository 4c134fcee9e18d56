package dev.patchlane.worker.guard;

import dev.patchlane.codebase.safety.SecretRedactor;
import dev.patchlane.decoding.StreamGuard;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a diff line by line as it streams and cancels it at the first line that shows it is going wrong: a file the
 * job did not ask for, a hunk whose lines do not add up to what its header declared, or an added line holding a redaction
 * marker. Waiting for the rest of such a stream only costs time; the job is escalated with the reason instead.
 */
final class DiffStreamGuard implements StreamGuard {

    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,(\\d+))? \\+\\d+(?:,(\\d+))? @@");

    private final Set<String> targets;
    private final boolean mayCreateFiles;
    private int scanned;
    private boolean fromDevNull;
    /** The current file's {@code diff --git} header declared a rename or copy: its new name is a new file. */
    private boolean renamed;
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
            renamed = false;
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
            case '+' -> {
                if (SecretRedactor.holdsMarker(line)) {
                    return Optional.of("the hunk " + printable(hunk) + " adds a " + SecretRedactor.MARKER_PREFIX
                            + "...] marker, which would replace a secret the model was not shown");
                }
                newLeft--;
            }
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
        if (line.startsWith("diff --git ")) {
            fromDevNull = false;
            renamed = false;
            return Optional.empty();
        }
        if (line.startsWith("rename to ") || line.startsWith("copy to ")) {
            renamed = true;
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
            return (fromDevNull || renamed) && mayCreateFiles ? Optional.empty() : outside(path);
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
        String name = header.startsWith("\"") ? unquote(header) : header.split("\t", 2)[0].strip();
        if (name.equals("/dev/null")) {
            return null;
        }
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    /**
     * A name as git quotes it ({@code core.quotePath}): in double quotes, with C escapes and non-ASCII bytes in octal.
     * An unterminated quote is taken as written, so it cannot match a target by accident.
     */
    private static String unquote(String header) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 1; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
            }
            if (c != '\\' || i + 1 >= header.length()) {
                int codePoint = header.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
                continue;
            }
            char e = header.charAt(++i);
            if (i + 2 < header.length() && isOctal(e) && isOctal(header.charAt(i + 1)) && isOctal(header.charAt(i + 2))) {
                bytes.write(Integer.parseInt(header.substring(i, i + 3), 8) & 0xff);
                i += 2;
                continue;
            }
            String escaped = switch (e) {
                case 'a' -> "\u0007";
                case 'b' -> "\b";
                case 't' -> "\t";
                case 'n' -> "\n";
                case 'v' -> "\u000b";
                case 'f' -> "\f";
                case 'r' -> "\r";
                default -> String.valueOf(e);
            };
            bytes.writeBytes(escaped.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return header.strip();
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
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
