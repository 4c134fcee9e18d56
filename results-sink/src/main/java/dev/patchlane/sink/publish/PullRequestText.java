package dev.patchlane.sink.publish;

import dev.patchlane.codebase.CommitMessage;
import dev.patchlane.contracts.AgentRun;
import dev.patchlane.contracts.AgentStep;
import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.Timings;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.contracts.Verification;
import dev.patchlane.contracts.VerificationVerdict;
import dev.patchlane.sink.prepare.PatchPreparer;
import java.util.List;
import java.util.Locale;

/**
 * The title and body of a job's pull request: what was asked, who asked, how it was routed, what was verified, what the
 * deep lane's agent did and what it cost.
 */
public final class PullRequestText {

    /** GitHub refuses bodies over 65,536 characters. */
    static final int MAX_BODY_CHARS = 60_000;
    private static final int MAX_SUMMARY_CHARS = 4_000;
    private static final int MAX_CELL_CHARS = 200;
    private static final int MAX_CHECKS = 50;
    private static final int MAX_OUTPUTS = 20;
    private static final int MAX_OUTPUT_CHARS = 2_000;
    /** Agent steps shown before the rest are counted. */
    static final int MAX_STEPS = 50;

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
        verification(body, outcome.verification());
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
        if (job.budget() != null) {
            row(body, "budget", String.format(Locale.ROOT, "%s; used %,d tokens and $%.4f over all attempts", job.budget().describe(),
                    usage.promptTokens() + usage.completionTokens(), outcome.routed().costSoFar() + outcome.costUsd()));
        }
        row(body, "timings", String.format(Locale.ROOT, "queue %d ms, prepare %d ms, first token %d ms, decode %d ms (%.0f tok/s), total %d ms",
                timings.queueWaitMs(), timings.prepareMs(), timings.timeToFirstTokenMs(), timings.decodeMs(), timings.tokensPerSecond(),
                timings.totalMs()));
        if (outcome.agent() != null) {
            agent(body, outcome.agent());
        }
        body.append("\nThe bot never force-pushes over commits it did not make, and does not reopen this pull request once it is closed.\n");
        return body.length() <= MAX_BODY_CHARS ? body.toString() : body.substring(0, MAX_BODY_CHARS) + "\n\n(truncated)\n";
    }

    /** The verdict, the sandbox, a table of checks with their base-commit results, and each check's output tail. */
    public static void verification(StringBuilder body, Verification verification) {
        body.append("### Verification\n\n");
        if (verification == null) {
            body.append("**Not verified**: the attempt recorded no verification; nothing was checked before this pull request.\n\n");
            return;
        }
        switch (verification.verdict() == null ? VerificationVerdict.NOT_VERIFIED : verification.verdict()) {
            case VERIFIED -> body.append("**Verified**: every declared check passed, or failed only where the base commit already failed.");
            case FAILED -> body.append("**Verification failed**: this patch breaks ").append(verification.broken().size() == 1 ? "a check" : "checks")
                    .append(" the base commit passed.");
            case NOT_VERIFIED -> body.append("**Not verified**: ").append(code(verification.summary() == null || verification.summary().isBlank()
                    ? "nothing was checked" : verification.summary())).append('.');
        }
        body.append("\n\n");
        row(body, "sandbox", sandbox(verification.sandbox()));
        if (verification.verdict() != VerificationVerdict.NOT_VERIFIED && verification.summary() != null && !verification.summary().isBlank()) {
            row(body, "summary", code(verification.summary()));
        }
        List<CheckResult> checks = verification.checks();
        if (checks.isEmpty()) {
            body.append('\n');
            return;
        }
        body.append("\n| check | command | with this patch | on the base commit | duration |\n|---|---|---|---|---|\n");
        List<CheckResult> shown = checks.subList(0, Math.min(checks.size(), MAX_CHECKS));
        for (CheckResult check : shown) {
            body.append("| ").append(cell(check.name())).append(" | ").append(cell(check.command())).append(" | ").append(onPatch(check))
                    .append(" | ").append(onBase(check)).append(" | ").append(duration(check.durationMs())).append(" |\n");
        }
        if (checks.size() > shown.size()) {
            body.append("\n… ").append(checks.size() - shown.size()).append(" more checks not shown.\n");
        }
        body.append('\n');
        for (CheckResult check : shown.subList(0, Math.min(shown.size(), MAX_OUTPUTS))) {
            if (check.outputTail() != null && !check.outputTail().isBlank()) {
                // GitHub renders HTML here, so the name is escaped, not code-spanned.
                body.append("<details><summary>Output of <code>").append(html(check.name())).append("</code> (last ")
                        .append(Math.min(check.outputTail().stripTrailing().length(), MAX_OUTPUT_CHARS)).append(" characters)</summary>\n\n")
                        .append(fencedTail(check.outputTail(), MAX_OUTPUT_CHARS)).append("\n</details>\n\n");
            }
        }
    }

    /** The deep lane's tool loop: its budgets, how it ended, and the steps it took (the first {@link #MAX_STEPS}). */
    static void agent(StringBuilder body, AgentRun agent) {
        body.append("\n### Deep-lane agent\n\n");
        row(body, "turns", agent.turns() + " of " + agent.maxTurns());
        row(body, "tokens", String.format(Locale.ROOT, "%,d of %,d", agent.tokens(), agent.maxTokens()));
        row(body, "cost", String.format(Locale.ROOT, "$%.4f of $%.4f", agent.costUsd(), agent.maxCostUsd()));
        row(body, "wall time", duration(agent.wallMs()) + " of " + duration(agent.maxWallMs()));
        row(body, "ended", code(agent.ended()));
        List<AgentStep> steps = agent.steps();
        if (steps.isEmpty()) {
            body.append("\nNo tool calls.\n");
            return;
        }
        body.append("\n| turn | tool | arguments | ok | result | duration | note |\n|---|---|---|---|---|---|---|\n");
        List<AgentStep> shown = steps.subList(0, Math.min(steps.size(), MAX_STEPS));
        for (AgentStep step : shown) {
            body.append("| ").append(step.turn()).append(" | ").append(cell(step.tool())).append(" | ").append(cell(step.arguments()))
                    .append(" | ").append(step.ok() ? "yes" : "**no**").append(" | ").append(bytes(step.resultBytes())).append(" | ")
                    .append(duration(step.durationMs())).append(" | ").append(step.note() == null ? "" : cell(step.note())).append(" |\n");
        }
        if (steps.size() > shown.size()) {
            body.append("\n… ").append(steps.size() - shown.size()).append(" more steps not shown.\n");
        }
    }

    private static String sandbox(String sandbox) {
        if ("bwrap".equals(sandbox)) {
            return "`bwrap`";
        }
        if ("none".equals(sandbox)) {
            return "**none: not sandboxed** (an operator turned the sandbox off; the checks ran unisolated)";
        }
        if ("unavailable".equals(sandbox)) {
            return "**unavailable** (no sandbox could be set up)";
        }
        return code(sandbox);
    }

    private static String onPatch(CheckResult check) {
        String status = switch (check.status()) {
            case PASSED -> "passed";
            case FAILED -> "**failed** (exit " + check.exitCode() + ")";
            case TIMED_OUT -> "**timed out**";
            case OUTPUT_LIMIT -> "**stopped: too much output**";
            case REFUSED -> "not run: refused";
            case ERROR -> "**error**";
        };
        return status + (check.reason() == null || check.reason().isBlank() ? "" : ": " + cell(check.reason()));
    }

    private static String onBase(CheckResult check) {
        if (check.baseline() == null) {
            return "not run";
        }
        if (check.alreadyFailing()) {
            return CommitMessage.status(check.baseline()) + ": already failing before this patch";
        }
        if (check.brokenByPatch()) {
            return CommitMessage.status(check.baseline()) + ": **broken by this patch**";
        }
        return CommitMessage.status(check.baseline());
    }

    private static String duration(long ms) {
        return ms < 1_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String bytes(int bytes) {
        return bytes < 1024 ? bytes + " B" : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    private static void row(StringBuilder body, String name, String value) {
        body.append("- **").append(name).append("**: ").append(value).append('\n');
    }

    // Model and submitter text is untrusted: inside code spans and fences it cannot mention people, link, reference
    // other repositories' issues or embed images.
    public static String code(String text) {
        if (text == null) {
            return "–";
        }
        String clipped = text.length() <= MAX_SUMMARY_CHARS ? text : text.substring(0, MAX_SUMMARY_CHARS) + "…";
        return "`` " + clipped.replace('`', '\'').replaceAll("\\p{Cntrl}", " ") + " ``";
    }

    // In a table a pipe ends the cell even inside a code span, unless escaped; shorter too, tables are wide.
    private static String cell(String text) {
        if (text == null) {
            return "–";
        }
        return code(text.length() <= MAX_CELL_CHARS ? text : text.substring(0, MAX_CELL_CHARS) + "…").replace("|", "\\|");
    }

    private static String html(String text) {
        String clipped = text == null ? "" : text.length() <= MAX_CELL_CHARS ? text : text.substring(0, MAX_CELL_CHARS) + "…";
        return clipped.replaceAll("\\p{Cntrl}", " ").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;").replace("@", "&#64;");
    }

    private static String fenced(String text, int max) {
        String clipped = text == null ? "" : text.length() <= max ? text : text.substring(0, max) + "\n(truncated)";
        return fence(clipped, "text");
    }

    // An output tail's end is what matters, so it is the start that is cut.
    private static String fencedTail(String text, int max) {
        String tail = text.stripTrailing();
        return fence(tail.length() <= max ? tail : "(earlier output cut)\n" + tail.substring(tail.length() - max), "text");
    }

    /** {@code text} in a fence longer than any run of backticks it holds, so it can neither close it nor render. */
    static String fence(String text, String info) {
        String fence = "````";
        while (text.contains(fence)) {
            fence += "`";
        }
        return fence + info + "\n" + text + "\n" + fence + "\n";
    }
}
