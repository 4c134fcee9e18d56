package dev.patchlane.pipeline.access;

import dev.patchlane.pipeline.access.Location.Remote;
import dev.patchlane.pipeline.access.Location.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code allow} pattern: {@code scheme://[user@]host[:port]/path} where a path segment {@code *} matches one segment,
 * {@code *} inside a segment any characters of it, and {@code **} any number of segments; a trailing {@code .git} is
 * optional on both sides.
 */
final class AllowPattern {

    private static final Pattern FORM = Pattern.compile("(?i)(https|http|ssh)://.*");
    private static final String ANY_SEGMENTS = "**";

    private final String text;
    private final Remote base;
    private final List<Object> segments;

    private AllowPattern(String text, Remote base, List<Object> segments) {
        this.text = text;
        this.base = base;
        this.segments = segments;
    }

    /** Throws IllegalArgumentException saying why the text is not a pattern. */
    static AllowPattern parse(String text) {
        String trimmed = text.trim();
        if (!FORM.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an https://, http:// or ssh:// pattern");
        }
        Location location;
        try {
            location = RepositoryParser.parse(trimmed);
        } catch (Refusal refusal) {
            throw new IllegalArgumentException("'" + Shown.redact(text) + "' is not a valid pattern: " + refusal.refused().detail());
        }
        Remote remote = (Remote) location;
        if (remote.segments().isEmpty()) {
            throw new IllegalArgumentException("'" + Shown.redact(text) + "' names no path; write " + remote.canonical() + "** for a whole host");
        }
        List<String> raw = stripGit(remote.segments());
        List<Object> segments = new ArrayList<>();
        for (String segment : raw) {
            if (segment.equals(ANY_SEGMENTS)) {
                segments.add(ANY_SEGMENTS);
            } else if (segment.contains(ANY_SEGMENTS)) {
                throw new IllegalArgumentException("'" + text + "': '**' must be a whole path segment");
            } else if (segment.indexOf('*') >= 0) {
                segments.add(glob(segment));
            } else {
                segments.add(segment);
            }
        }
        return new AllowPattern(trimmed, remote, List.copyOf(segments));
    }

    private static Pattern glob(String segment) {
        List<String> literals = new ArrayList<>();
        for (String literal : segment.split("\\*", -1)) {
            literals.add(literal.isEmpty() ? "" : Pattern.quote(literal));
        }
        return Pattern.compile(String.join(".*", literals), Pattern.DOTALL);
    }

    Transport transport() {
        return base.transport();
    }

    boolean matches(Remote candidate) {
        if (candidate.transport() != base.transport()
                || !candidate.host().name().equals(base.host().name())
                || candidate.port() != base.port()
                || (base.user() != null && !base.user().equals(candidate.user()))) {
            return false;
        }
        return !candidate.segments().isEmpty() && matchSegments(stripGit(candidate.segments()));
    }

    /** matched[i][j]: pattern segments from i match candidate segments from j. */
    private boolean matchSegments(List<String> candidate) {
        int p = segments.size();
        int c = candidate.size();
        boolean[][] matched = new boolean[p + 1][c + 1];
        matched[p][c] = true;
        for (int i = p - 1; i >= 0; i--) {
            Object segment = segments.get(i);
            for (int j = c; j >= 0; j--) {
                if (segment == ANY_SEGMENTS) {
                    matched[i][j] = matched[i + 1][j] || (j < c && matched[i][j + 1]);
                } else {
                    matched[i][j] = j < c && matchesOne(segment, candidate.get(j)) && matched[i + 1][j + 1];
                }
            }
        }
        return matched[0][0];
    }

    private static boolean matchesOne(Object segment, String value) {
        return segment instanceof Pattern glob ? glob.matcher(value).matches() : segment.equals(value);
    }

    private static List<String> stripGit(List<String> segments) {
        String last = segments.get(segments.size() - 1);
        if (last.length() <= 4 || !last.endsWith(".git") || last.equals(ANY_SEGMENTS)) {
            return segments;
        }
        List<String> copy = new ArrayList<>(segments);
        copy.set(copy.size() - 1, last.substring(0, last.length() - 4));
        return copy;
    }

    @Override
    public String toString() {
        return text;
    }
}
