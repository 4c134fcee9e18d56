package dev.patchlane.decoding.prompt;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a model's reply amounts to under {@link PromptFormat}: a diff, an explained no-change, or neither.
 *
 * @param diff the unified diff, when the reply holds one
 * @param noChangeReason the reason, when the reply says nothing needs to change
 */
public record Answer(String diff, String noChangeReason) {

    // The block ends at a line that is only a fence: the diff itself may contain fences (a Markdown file's hunks).
    private static final Pattern DIFF_BLOCK = Pattern.compile("```diff\\n(.*?)^```[ \\t]*$", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern NO_CHANGE = Pattern.compile("(?m)^NO_CHANGE:\\s*(.+)$");

    public static Optional<Answer> parse(String reply) {
        Matcher diff = DIFF_BLOCK.matcher(reply);
        if (diff.find()) {
            return Optional.of(new Answer(diff.group(1), null));
        }
        Matcher noChange = NO_CHANGE.matcher(reply);
        if (noChange.find()) {
            return Optional.of(new Answer(null, noChange.group(1).strip()));
        }
        return Optional.empty();
    }

    /** A stream that has said this much without opening a diff block or saying NO_CHANGE is off track. */
    public static boolean clearlyOffTrack(CharSequence soFar, int patience) {
        if (soFar.length() < patience) {
            return false;
        }
        String text = soFar.toString();
        return !text.contains("```diff") && !text.contains("NO_CHANGE:");
    }
}
