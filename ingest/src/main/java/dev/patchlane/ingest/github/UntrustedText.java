package dev.patchlane.ingest.github;

import java.util.regex.Pattern;

/**
 * Cleans issue and comment text before a model reads it: HTML comments (invisible on GitHub, a favourite hiding place
 * for injected instructions), zero-width characters and bidirectional controls (which make text read differently
 * from how it displays) are removed. The raw text is kept elsewhere for audit.
 */
public final class UntrustedText {

    private static final Pattern HTML_COMMENT = Pattern.compile("<!--.*?(-->|\\z)", Pattern.DOTALL);
    /** Every format character (zero-width, bidi controls, invisible operators, Unicode tags used for "ASCII smuggling"). */
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cf}\\u180E]");

    private UntrustedText() {
    }

    public static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        String withoutInvisible = INVISIBLE.matcher(raw).replaceAll("");
        String previous;
        String text = withoutInvisible;
        do {
            previous = text;
            text = HTML_COMMENT.matcher(text).replaceAll("");
        } while (!text.equals(previous));
        return text.strip();
    }
}
