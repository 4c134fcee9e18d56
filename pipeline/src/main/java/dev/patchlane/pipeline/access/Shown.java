package dev.patchlane.pipeline.access;

/** A repository as a refusal's detail may show it: userinfo and query hidden, control characters escaped, shortened. */
final class Shown {

    private static final int MAX_CODE_POINTS = 160;

    private Shown() {}

    static String of(String repository) {
        return "'" + escape(shorten(redact(repository))) + "'";
    }

    /** Hides everything up to the last {@code @} of the authority (or, without {@code ://}, of the whole address). */
    static String redact(String s) {
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            int start = scheme + 3;
            int end = s.length();
            for (int i = start; i < s.length(); i++) {
                if (s.charAt(i) == '?' || s.charAt(i) == '#') {
                    end = i;
                    break;
                }
            }
            // a password may itself contain '/', so the last '@' before the query counts
            int at = s.lastIndexOf('@', end - 1);
            String head = at >= start ? s.substring(0, start) + "***" + s.substring(at, end) : s.substring(0, end);
            return end < s.length() ? head + "?…" : head;
        }
        if (s.startsWith("/")) {
            return s;
        }
        int at = s.lastIndexOf('@');
        return at >= 0 ? "***" + s.substring(at) : s;
    }

    private static String shorten(String s) {
        int count = s.codePointCount(0, s.length());
        if (count <= MAX_CODE_POINTS) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, MAX_CODE_POINTS)) + "…(" + count + " characters)";
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (RepositoryParser.isHidden(cp) || cp == '\'' || cp == '\\') {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
