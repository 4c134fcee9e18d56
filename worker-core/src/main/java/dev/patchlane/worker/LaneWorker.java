package dev.patchlane.worker;

import dev.patchlane.codebase.CodebaseException;
import dev.patchlane.codebase.PatchRejectedException;
import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.codebase.Snapshot;
import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Timings;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeCollector;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.DecodeResult;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.prompt.Answer;
import dev.patchlane.decoding.prompt.PromptFile;
import dev.patchlane.decoding.prompt.PromptFormat;
import dev.patchlane.decoding.prompt.Task;
import dev.patchlane.pipeline.kafka.KafkaSender;
import dev.patchlane.worker.guard.ReplyGuards;
import dev.patchlane.pipeline.status.StatusRecorder;
import io.smallrye.reactive.messaging.MutinyEmitter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a lane does with one routed job: materialise the repository at the base ref, prompt the decoder with the
 * target files, turn the reply into a diff, check that it applies, and report the outcome.
 */
public final class LaneWorker {

    private final Lane lane;
    private final String stage;
    private final Decoder decoder;
    private final LaneSettings settings;
    private final RepositoryCache repositories;
    private final Function<String, SafetyPolicy> safety;
    private final StatusRecorder status;
    private final MutinyEmitter<byte[]> outcomes;

    /** @param safety the patch safety policy of a repository, the same the sink applies again before publishing */
    public LaneWorker(Lane lane, Decoder decoder, LaneSettings settings, RepositoryCache repositories, Function<String, SafetyPolicy> safety,
            StatusRecorder status, MutinyEmitter<byte[]> outcomes) {
        this.lane = lane;
        this.stage = lane.name().toLowerCase(java.util.Locale.ROOT) + "-worker";
        this.decoder = decoder;
        this.settings = settings;
        this.repositories = repositories;
        this.safety = safety;
        this.status = status;
        this.outcomes = outcomes;
    }

    /** Ends a job this lane could not process even after retries, with the reason. */
    public void giveUp(RoutedJob routed, RuntimeException failure) {
        status.advance(routed.job(), routed.history(), JobState.DEAD, stage, lane, stage + " failed: " + failure, routed.usageSoFar());
    }

    public Outcome process(RoutedJob routed) {
        long pickedUp = System.nanoTime();
        long queueWaitMs = Math.max(0, Duration.between(routed.routedAt(), Instant.now()).toMillis());
        Job job = routed.job();
        List<Transition> running = status.advance(job, routed.history(), JobState.RUNNING, stage, lane,
                "attempt " + routed.attempt() + " on " + decoder.describe().model(), routed.usageSoFar());

        Attempt attempt = attempt(routed);
        boolean escalate = attempt.result() == OutcomeResult.FAILED && lane == Lane.FAST && routed.attempt() == 1;
        JobState state = switch (attempt.result()) {
            case PATCH_READY -> JobState.PATCH_READY;
            case NO_CHANGE -> JobState.NO_CHANGE;
            case FAILED -> escalate ? JobState.ESCALATED : JobState.FAILED;
        };
        Usage totalUsage = routed.usageSoFar().plus(attempt.usage());
        List<Transition> finished = status.advance(job, running, state, stage, lane, attempt.summary(), totalUsage);
        long totalMs = Duration.ofNanos(System.nanoTime() - pickedUp).toMillis();
        Outcome outcome = new Outcome(Outcome.SCHEMA_VERSION, routed, lane, attempt.baseCommit(), attempt.result(), attempt.patch(),
                attempt.summary(), escalate, attempt.usage(), attempt.usage().costUsd(settings.price().inputPerMillion(), settings.price().outputPerMillion()),
                new Timings(queueWaitMs, attempt.prepareMs(), attempt.timeToFirstTokenMs(), attempt.decodeMs(), totalMs,
                        Timings.tokensPerSecond(attempt.usage().completionTokens(), attempt.decodeMs())),
                attempt.decoder(), finished, Instant.now());
        KafkaSender.send(outcomes, job.id(), outcome);
        return outcome;
    }

    private Attempt attempt(RoutedJob routed) {
        long start = System.nanoTime();
        Job job = routed.job();
        Snapshot snapshot;
        List<PromptFile> files;
        try {
            snapshot = repositories.snapshot(job.repository(), job.baseRef());
            files = job.targetPaths().stream()
                    .map(path -> new PromptFile(path, snapshot.readText(path).orElse(null)))
                    .toList();
        } catch (CodebaseException e) {
            return failure(null, "cannot read the repository: " + e.getMessage(), null, Usage.NONE, start, null);
        }
        Task task = new Task(job.id(), job.kind(), job.instructions(), files,
                routed.escalation() == null ? null : routed.escalation().failure());
        DecodeRequest request = new DecodeRequest(PromptFormat.render(task), settings.maxOutputTokens(), job.outputSchema());
        long prepareMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

        DecodeResult result;
        try {
            result = DecodeCollector.collect(decoder, request, ReplyGuards.forJob(job, settings.earlyAbortChars()), settings.timeout());
        } catch (RuntimeException e) {
            // Whatever breaks in the decode fails this attempt with its reason; only the pipeline's own errors retry.
            return failure(snapshot.commitId(), "decoder failed: " + describe(e), null, new Usage(request.promptTokens(), 0), start, null);
        }
        DecoderInfo info = info(result);
        if (result.aborted()) {
            return new Attempt(OutcomeResult.FAILED, snapshot.commitId(), null, "stream cancelled early: " + result.abortReason(),
                    result.usage(), prepareMs, result.timeToFirstTokenMs(), result.decodeMs(), info);
        }
        Optional<Answer> answer = Answer.parse(result.text());
        if (answer.isEmpty()) {
            return new Attempt(OutcomeResult.FAILED, snapshot.commitId(), null,
                    "the reply holds neither a diff nor a NO_CHANGE line (finish reason " + result.finishReason() + "); it began: "
                            + excerpt(result.text()),
                    result.usage(), prepareMs, result.timeToFirstTokenMs(), result.decodeMs(), info);
        }
        if (answer.get().diff() == null) {
            return new Attempt(OutcomeResult.NO_CHANGE, snapshot.commitId(), null, answer.get().noChangeReason(), result.usage(),
                    prepareMs, result.timeToFirstTokenMs(), result.decodeMs(), info);
        }
        String diff = answer.get().diff();
        try {
            List<String> paths = snapshot.apply(diff, safety.apply(routed.job().repository())).paths();
            return new Attempt(OutcomeResult.PATCH_READY, snapshot.commitId(), diff, summaryOf(result.text(), paths), result.usage(),
                    prepareMs, result.timeToFirstTokenMs(), result.decodeMs(), info);
        } catch (PatchRejectedException e) {
            return new Attempt(OutcomeResult.FAILED, snapshot.commitId(), diff, "the patch failed its self-check: " + e.getMessage(),
                    result.usage(), prepareMs, result.timeToFirstTokenMs(), result.decodeMs(), info);
        }
    }

    private DecoderInfo info(DecodeResult result) {
        DecoderInfo base = decoder.describe();
        String source = result.contentSource() == null ? "unknown (stream cancelled)" : result.contentSource();
        // An endpoint that labels its reply as patchlane's emulator is emulated, whatever decoder reached it.
        boolean emulated = base.emulated() || source.startsWith("emulator:");
        return new DecoderInfo(base.name(), base.model(), emulated, source, base.endpoint(), base.profile());
    }

    private Attempt failure(String commit, String reason, String output, Usage usage, long start, DecoderInfo info) {
        return new Attempt(OutcomeResult.FAILED, commit, output, reason, usage, Duration.ofNanos(System.nanoTime() - start).toMillis(),
                0, 0, info == null ? decoder.describe() : info);
    }

    private static String describe(RuntimeException e) {
        return e instanceof DecoderException decoderFailure
                ? decoderFailure.failure().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + e.getMessage()
                : e.getMessage();
    }

    private static String excerpt(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return "\"" + (flat.length() <= 200 ? flat : flat.substring(0, 200) + "...") + "\"";
    }

    private static String summaryOf(String reply, List<String> paths) {
        String firstLine = reply.strip().lines().findFirst().orElse("").strip();
        if (firstLine.startsWith("```")) {
            firstLine = "changed";
        }
        return firstLine + " (" + String.join(", ", paths) + ")";
    }
}
