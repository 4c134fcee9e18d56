package dev.patchlane.decoding.emulator;

import java.util.Optional;

/**
 * A patch that still applies but no longer builds: the last closing brace of the diff's first file is dropped. This is
 * how the emulator stands for a fast model's plausible wrong answer, so that verification has something real to catch.
 */
final class InjectedDefect {

    static final String LABEL = "+injected:check-failure";

    private InjectedDefect() {
    }

    static Content of(Content content) {
        return breakLastBrace(content.reply())
                .map(reply -> new Content(reply, content.source() + LABEL, content.toolCalls()))
                .orElse(content);
    }

    /** The reply with the first file's last {@code }} line removed or deleted; empty when its diff has none. */
    static Optional<String> breakLastBrace(String reply) {
        String[] lines = reply.split("\n", -1);
        int firstHunk = -1;
        for (int i = 0; i < lines.length && firstHunk < 0; i++) {
            if (lines[i].startsWith("@@ -")) {
                firstHunk = i;
            }
        }
        if (firstHunk < 0) {
            return Optional.empty();
        }
        int brace = -1;
        for (int i = firstHunk + 1; i < lines.length; i++) {
            boolean nextFile = lines[i].startsWith("diff --git ") || lines[i].startsWith("```")
                    || lines[i].startsWith("--- ") && i + 1 < lines.length && lines[i + 1].startsWith("+++ ");
            if (nextFile) {
                break;
            }
            if (lines[i].equals("+}") || lines[i].equals(" }")) {
                brace = i;
            }
        }
        if (brace < 0) {
            return Optional.empty();
        }
        int hunk = brace;
        while (!lines[hunk].startsWith("@@ -")) {
            hunk--;
        }
        Optional<String> shrunk = withNewCountLess(lines[hunk]);
        if (shrunk.isEmpty()) {
            return Optional.empty();
        }
        lines[hunk] = shrunk.get();
        // a context line becomes a removal; an added line is simply not added
        lines[brace] = lines[brace].startsWith(" ") ? "-}" : null;
        StringBuilder out = new StringBuilder(reply.length());
        for (int i = 0; i < lines.length; i++) {
            if (lines[i] != null) {
                out.append(lines[i]);
                if (i < lines.length - 1) {
                    out.append('\n');
                }
            }
        }
        return Optional.of(out.toString());
    }

    // "@@ -a,b +c,d @@" becomes "@@ -a,b +c,d-1 @@"; a missing count is 1.
    private static Optional<String> withNewCountLess(String header) {
        int plus = header.indexOf(" +", 3);
        int close = header.indexOf(" @@", plus + 2);
        if (plus < 0 || close < 0) {
            return Optional.empty();
        }
        String range = header.substring(plus + 2, close);
        int comma = range.indexOf(',');
        try {
            int start = Integer.parseInt(comma < 0 ? range : range.substring(0, comma));
            int count = comma < 0 ? 1 : Integer.parseInt(range.substring(comma + 1));
            if (count < 1) {
                return Optional.empty();
            }
            return Optional.of(header.substring(0, plus + 2) + start + "," + (count - 1) + header.substring(close));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
