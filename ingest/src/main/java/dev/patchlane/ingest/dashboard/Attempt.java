package dev.patchlane.ingest.dashboard;

import dev.patchlane.contracts.AgentRun;
import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Timings;
import dev.patchlane.contracts.Usage;
import io.quarkus.qute.TemplateData;
import java.util.List;
import java.util.Locale;

/**
 * One attempt of a job as the dashboard shows it, taken from its {@link Outcome}; text from the job is kept as it came
 * and escaped where it is rendered.
 *
 * @param number the attempt's number, from 1
 * @param lane the lane that ran it
 * @param routeReasons why the router sent it to that lane
 * @param instructions the job's instructions (untrusted text)
 * @param result how the attempt ended
 * @param summary what the decoder said it did, or why it failed
 * @param decoder decoder and model, e.g. {@code emulator codex-spark-class (emulated, fixer:lint)}
 * @param ttftMs time to first token
 * @param decodeMs decode time
 * @param tokensPerSecond completion tokens per second of decode time, formatted
 * @param promptTokens tokens in
 * @param completionTokens tokens out
 * @param cost the estimated price in US dollars, formatted
 * @param verification what its checks said, or null
 * @param agent the deep lane's tool loop in a line, or null
 * @param steps the tool loop's steps
 * @param diff the attempt's diff as lines, cut to {@link AttemptLog#MAX_PATCH_CHARS}
 * @param patchCut true when the diff was cut
 * @param finishedAt when it ended (ISO-8601)
 */
@TemplateData
public record Attempt(int number, String lane, List<String> routeReasons, String instructions, String result, String summary,
        String decoder, long ttftMs, long decodeMs, String tokensPerSecond, long promptTokens, long completionTokens, String cost,
        VerificationView verification, String agent, List<StepView> steps, List<DiffLine> diff, boolean patchCut, String finishedAt) {

    public Attempt {
        routeReasons = routeReasons == null ? List.of() : List.copyOf(routeReasons);
        steps = List.copyOf(steps);
        diff = List.copyOf(diff);
    }

    /**
     * One tool call of the agent loop.
     *
     * @param turn the model turn
     * @param tool the tool's name
     * @param arguments a bounded summary of its arguments
     * @param ok whether it succeeded
     * @param note what happened
     * @param durationMs how long it took
     */
    @TemplateData
    public record StepView(int turn, String tool, String arguments, boolean ok, String note, long durationMs) {
    }

    static Attempt of(Outcome outcome, int maxPatchChars) {
        String patch = outcome.patch();
        boolean cut = patch != null && patch.length() > maxPatchChars;
        Timings timings = outcome.timings() == null ? new Timings(0, 0, 0, 0, 0, 0) : outcome.timings();
        Usage usage = outcome.usage() == null ? Usage.NONE : outcome.usage();
        AgentRun agent = outcome.agent();
        return new Attempt(outcome.routed().attempt(), DashboardFigures.lane(outcome.lane()),
                outcome.routed().decision() == null ? List.of() : outcome.routed().decision().reasons(),
                outcome.job().instructions(), outcome.result() == null ? "" : outcome.result().name(), outcome.summary(),
                decoder(outcome.decoder()), timings.timeToFirstTokenMs(), timings.decodeMs(),
                String.format(Locale.ROOT, "%.0f", timings.tokensPerSecond()), usage.promptTokens(), usage.completionTokens(),
                String.format(Locale.ROOT, "$%.4f", outcome.costUsd()), VerificationView.of(outcome.verification()),
                agent == null ? null : String.format(Locale.ROOT, "%d of %d turns, %d of %d tokens, $%.4f of $%.2f, %d ms; ended: %s",
                        agent.turns(), agent.maxTurns(), agent.tokens(), agent.maxTokens(), agent.costUsd(), agent.maxCostUsd(),
                        agent.wallMs(), agent.ended()),
                agent == null ? List.of() : agent.steps().stream()
                        .map(s -> new StepView(s.turn(), s.tool(), s.arguments(), s.ok(), s.note(), s.durationMs())).toList(),
                patch == null ? List.of() : DiffLine.of(cut ? patch.substring(0, maxPatchChars) : patch), cut,
                outcome.finishedAt() == null ? "" : outcome.finishedAt().toString());
    }

    private static String decoder(DecoderInfo info) {
        if (info == null) {
            return "unknown";
        }
        StringBuilder text = new StringBuilder(String.valueOf(info.name())).append(' ').append(info.model());
        if (info.profile() != null) {
            text.append(" @ ").append(info.profile());
        }
        text.append(info.emulated() ? " (emulated" : " (").append(info.emulated() ? ", " : "").append(info.contentSource()).append(')');
        return text.toString();
    }
}
