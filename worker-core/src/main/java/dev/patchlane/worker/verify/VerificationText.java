package dev.patchlane.worker.verify;

import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.Verification;

/** How a failed verification reads in an outcome's summary and in the escalated prompt. */
public final class VerificationText {

    private static final int TAIL_CHARS = 1500;

    private VerificationText() {
    }

    public static String failure(Verification verification) {
        StringBuilder text = new StringBuilder("the patch applies but fails verification (" + verification.summary() + ")");
        for (CheckResult check : verification.broken()) {
            text.append("\ncheck ").append(check.name()).append(" (").append(check.command()).append(") ")
                    .append(check.exitCode() >= 0 ? "exited " + check.exitCode() : check.status().name().toLowerCase(java.util.Locale.ROOT))
                    .append(check.reason() == null ? "" : ": " + check.reason())
                    .append(check.baseline() == null ? "" : "; it passed on the base commit")
                    .append("; its output ends:\n")
                    .append(tail(check.outputTail()));
        }
        return text.toString();
    }

    private static String tail(String output) {
        String text = output == null ? "" : output.strip();
        return text.length() <= TAIL_CHARS ? text : "..." + text.substring(text.length() - TAIL_CHARS);
    }
}
