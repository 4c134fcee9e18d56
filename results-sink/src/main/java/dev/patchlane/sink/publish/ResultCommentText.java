package dev.patchlane.sink.publish;

import dev.patchlane.codebase.CommitMessage;
import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Verification;
import dev.patchlane.contracts.VerificationVerdict;
import dev.patchlane.sink.prepare.PreparedResult;
import java.util.Locale;

/** The comment that publishes a structured result on the job's issue or pull request. */
public final class ResultCommentText {

    /** GitHub refuses comments over 65,536 characters. */
    static final int MAX_COMMENT_CHARS = 60_000;

    private ResultCommentText() {
    }

    /** The hidden line by which every delivery finds the job's comment. */
    public static String marker(Job job) {
        // Job ids are UUIDs; whatever else a record held could not close the HTML comment early.
        return "<!-- patchlane:job:" + job.id().replaceAll("[^A-Za-z0-9._-]", "") + " -->";
    }

    public static String body(PreparedResult result) {
        Outcome outcome = result.outcome();
        Job job = outcome.job();
        DecoderInfo decoder = outcome.decoder();
        StringBuilder head = new StringBuilder(marker(job)).append('\n');
        head.append("Structured result by patchlane")
                .append(decoder != null && decoder.emulated() ? " — **emulated**: no real model produced it, the decoder emulator did" : "")
                .append(".\n\n");
        head.append("- **job**: ").append(PullRequestText.code(job.id())).append(" (").append(job.kind().slug()).append(")\n");
        head.append("- **lane**: ").append(outcome.lane().name().toLowerCase(Locale.ROOT)).append(" (attempt ")
                .append(outcome.routed().attempt()).append(")");
        if (decoder != null) {
            head.append(", decoder ").append(PullRequestText.code(decoder.name())).append(", model ").append(PullRequestText.code(decoder.model()));
        }
        head.append('\n');
        head.append("- **verification**: ").append(verification(outcome.verification())).append('\n');
        head.append("- **document**: valid against the job's output schema (checked by the worker)\n\n");
        String text = result.text().stripTrailing();
        int room = MAX_COMMENT_CHARS - head.length() - 400;
        if (text.length() <= room) {
            return head.append(PullRequestText.fence(text, "json")).toString();
        }
        return head.append("The document is ").append(text.length()).append(" characters; the first ").append(room)
                .append(" are shown, so what follows is not valid JSON on its own. The whole document is in the job's publication record.\n\n")
                .append(PullRequestText.fence(text.substring(0, room) + "\n… (truncated)", "json")).toString();
    }

    private static String verification(Verification verification) {
        if (verification == null || verification.verdict() == VerificationVerdict.NOT_VERIFIED) {
            return "Not verified: " + PullRequestText.code(verification == null ? "no verification was recorded for this attempt"
                    : verification.summary() == null || verification.summary().isBlank() ? "nothing was checked" : verification.summary());
        }
        return PullRequestText.code(CommitMessage.verification(verification).line());
    }
}
