package dev.patchlane.codebase.safety;

import java.util.ArrayList;
import java.util.List;

/**
 * Refuses added lines that hold a {@link SecretRedactor} marker: the model saw a marker where a secret is, and a patch
 * that writes one would replace the repository's secret with it.
 */
final class MarkerRefusals {

    private MarkerRefusals() {
    }

    static List<Refusal> of(String diff) {
        List<Refusal> refusals = new ArrayList<>();
        int[] more = {0};
        SecretScanner.addedLines(diff, (path, line, text) -> {
            if (!SecretRedactor.holdsMarker(text)) {
                return;
            }
            if (refusals.size() < SecretRefusals.MAX_REPORTED) {
                refusals.add(new Refusal(RefusalRule.REDACTION_MARKER, path, "line " + line + " adds a " + SecretRedactor.MARKER_PREFIX
                        + "...] marker, which stands for a secret removed from what the model was shown; the patch would write the "
                        + "marker into the file in place of the secret"));
            } else {
                more[0]++;
            }
        });
        if (more[0] > 0) {
            refusals.add(Refusal.of(RefusalRule.REDACTION_MARKER, more[0] + " more added lines hold redaction markers"));
        }
        return refusals;
    }
}
