package dev.patchlane.sink.progressissue;

/**
 * Untrusted text (a migration's name, a repository, a failure's reason) made inert for an issue: one line, no control or
 * invisible formatting characters, capped, and in the body set as a code span, inside which GitHub renders no markdown,
 * HTML, link, image, mention or issue reference.
 */
final class InertText {

    private InertText() {
    }

    /** One line of plain text: controls, bidirectional and zero-width characters dropped, whitespace collapsed, capped. */
    static String line(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars + 1));
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = out.length() > 0;
                continue;
            }
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE) {
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.appendCodePoint(c);
            if (out.length() >= maxChars) {
                return out.substring(0, cutAt(out, maxChars - 1)) + "…";
            }
        }
        return out.toString();
    }

    /**
     * {@code text} as one inline code span: fenced by one backtick more than its longest run of backticks, padded with a
     * space so that a backtick at either end cannot join the fence (CommonMark strips that one space again).
     */
    static String code(String text, int maxChars) {
        String line = line(text, maxChars);
        if (line.isEmpty()) {
            return "` `";
        }
        int longest = 0;
        int run = 0;
        for (int i = 0; i < line.length(); i++) {
            run = line.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        return fence + " " + line + " " + fence;
    }

    // never split a surrogate pair
    private static int cutAt(CharSequence text, int index) {
        return index > 0 && Character.isLowSurrogate(text.charAt(index)) ? index - 1 : index;
    }
}
