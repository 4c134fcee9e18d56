package dev.patchlane.worker.guard;

import dev.patchlane.decoding.StreamGuard;
import java.util.Optional;
import java.util.Set;

/**
 * Cancels a stream as soon as its diff names a file the job did not ask for: a bounded task that wanders off its
 * target files is going wrong, and waiting for the rest of the stream only costs time.
 */
final class DiffPathGuard implements StreamGuard {

    private final Set<String> targets;
    private final boolean mayCreateFiles;
    private int scanned;
    private boolean fromDevNull;

    DiffPathGuard(Set<String> targets, boolean mayCreateFiles) {
        this.targets = Set.copyOf(targets);
        this.mayCreateFiles = mayCreateFiles;
    }

    @Override
    public Optional<String> check(CharSequence textSoFar) {
        if (textSoFar.length() < scanned) {
            scanned = 0;
            fromDevNull = false;
        }
        int lineEnd;
        while ((lineEnd = indexOf(textSoFar, '\n', scanned)) >= 0) {
            String line = textSoFar.subSequence(scanned, lineEnd).toString();
            scanned = lineEnd + 1;
            Optional<String> problem = checkLine(line);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private Optional<String> checkLine(String line) {
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

    private static String printable(String path) {
        String clean = path.replaceAll("\\p{C}", "?");
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
