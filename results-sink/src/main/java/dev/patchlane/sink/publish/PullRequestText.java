package dev.patchlane.sink.publish;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.Timings;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.sink.prepare.PatchPreparer;
import java.util.Locale;

/** The title and body of a job's pull request: what was asked, who asked, how it was routed and what it cost. */
public final class PullRequestText {

    /** GitHub refuses bodies over 65,536 characters. */
    static final int MAX_BODY_CHARS = 60_000;
    private static final int MAX_SUMMARY_CHARS = 4_000;

    private PullRequestText() {
    }

    public static String title(Outcome outcome) {
        return PatchPreparer.subject(outcome.job());
    }

    public static String body(Outcome outcome, String commit) {
        Job job = outcome.job();
        DecoderInfo decoder = outcome.decoder();
        RouteDecision decision = outcome.routed().decision();
        Usage usage = outcome.totalUsage();
        Timings timings = outcome.timings();
        StringBuilder body = new StringBuilder();
        body.append("Automated change by patchlane")
                .append(decoder.emulated() ? " — **emulated**: no real model produced this change, the decoder emulator did" : "")
                .append(".\n\n");
        body.append("### What the decoder says it did\n\n").append(fenced(outcome.summary(), MAX_SUMMARY_CHARS)).append('\n');
        body.append("### Job\n\n");
        row(body, "job", code(job.id()));
        row(body, "kind", job.kind().slug());
        row(body, "files", job.targetPaths().stream().map(PullRequestText::code).reduce((a, b) -> a + ", " + b).orElse(""));
        row(body, "base", code(job.baseRef()) + " at " + code(outcome.baseCommit()));
        row(body, "source", code(job.source().type()) + " / " + code(job.source().name())
                + (job.source().reference() == null ? "" : " (" + code(job.source().reference()) + ")"));
        row(body, "commit", code(commit));
        body.append("\n### Route\n\n");
        row(body, "lane", outcome.lane().name().toLowerCase(Locale.ROOT) + " (attempt " + outcome.routed().attempt() + ")");
        row(body, "routed to", decision.lane().name().toLowerCase(Locale.ROOT) + " because " + code(String.join("; ", decision.reasons())));
        for (Transition transition : outcome.history()) {
            if (transition.state() == JobState.ESCALATED) {
                row(body, "escalated", code(transition.reason()));
            }
        }
        body.append("\n### Decoder\n\n");
        row(body, "decoder", code(decoder.name()) + ", model " + code(decoder.model()));
        row(body, "endpoint", code(decoder.endpoint()));
        if (decoder.profile() != null) {
            row(body, "profile", code(decoder.profile()));
        }
        row(body, "content", code(decoder.contentSource()) + (decoder.emulated() ? " (emulated)" : ""));
        row(body, "tokens", usage.promptTokens() + " in, " + usage.completionTokens() + " out (all attempts)");
        row(body, "cost estimate", String.format(Locale.ROOT, "$%.4f for this attempt, at the lane's configured prices", outcome.costUsd()));
        row(body, "timings", String.format(Locale.ROOT, "queue %d ms, prepare %d ms, first token %d ms, decode %d ms (%.0f tok/s), total %d ms",
                timings.queueWaitMs(), timings.prepareMs(), timings.timeToFirstTokenMs(), timings.decodeMs(), timings.tokensPerSecond(),
                timings.totalMs()));
        body.append("\nThe bot never force-pushes over commits it did not make, and does not reopen this pull request once it is closed.\n");
        return body.length() <= MAX_BODY_CHARS ? body.toString() : body.substring(0, MAX_BODY_CHARS) + "\n\n(truncated)\n";
    }

    private static void row(StringBuilder body, String name, String value) {
        body.append("- **").append(name).append("**: ").append(value).append('\n');
    }

    // Model and submitter text is untrusted: inside code spans and fences it cannot mention people, link, reference
    // other repositories' issues or embed images.
    private static String code(String text) {
        if (text == null) {
            return "–";
        }
        String clipped = text.length() <= MAX_SUMMARY_CHARS ? text : text.substring(0, MAX_SUMMARY_CHARS) + "…";
        return "`` " + clipped.replace('`', '\'').replaceAll("\\p{Cntrl}", " ") + " ``";
    }

    private static String fenced(String text, int max) {
        String clipped = text == null ? "" : text.length() <= max ? text : text.substring(0, max) + "\n(truncated)";
        String fence = "````";
        while (clipped.contains(fence)) {
            fence += "`";
        }
        return fence + "text\n" + clipped + "\n" + fence + "\n";
    }
}
