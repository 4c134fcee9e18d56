package dev.patchlane.worker;

import dev.patchlane.codebase.CodebaseException;
import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.codebase.Snapshot;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Timings;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.pipeline.kafka.KafkaSender;
import dev.patchlane.sandbox.verify.CheckOwner;
import dev.patchlane.pipeline.status.JobLocks;
import dev.patchlane.pipeline.status.JobStatuses;
import dev.patchlane.pipeline.status.StatusRecorder;
import dev.patchlane.worker.budget.JobAllowance;
import dev.patchlane.worker.solve.Attempts;
import dev.patchlane.worker.solve.SolveContext;
import dev.patchlane.worker.solve.Solver;
import io.smallrye.reactive.messaging.MutinyEmitter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a lane does with one routed job around its solver: record that it runs, resolve the base commit, let the solver
 * produce a verified patch, a document, no change or a reason, and report the outcome with its timings and cost.
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
    private final Function<Job, Solver> solvers;
    private final Consumer<String> beforeResult;
    private final JobLocks jobLocks = new JobLocks();

    /**
     * @param safety the patch safety policy of a repository, the same the sink applies again before publishing
     * @param solvers how this lane solves a job: single shot, tool loop, or a structured document
     * @param beforeResult given the job id before the outcome is written; throws when a stopping process has handed the job back
     */
    public LaneWorker(Lane lane, Decoder decoder, LaneSettings settings, RepositoryCache repositories, Function<String, SafetyPolicy> safety,
            StatusRecorder status, MutinyEmitter<byte[]> outcomes, Function<Job, Solver> solvers, Consumer<String> beforeResult) {
        this.lane = lane;
        this.stage = lane.name().toLowerCase(java.util.Locale.ROOT) + "-worker";
        this.decoder = decoder;
        this.settings = settings;
        this.repositories = repositories;
        this.safety = safety;
        this.status = status;
        this.outcomes = outcomes;
        this.solvers = solvers;
        this.beforeResult = beforeResult;
    }

    /** Ends a job this lane could not process even after retries, with the reason. */
    public void giveUp(RoutedJob routed, RuntimeException failure) {
        status.advance(routed.job(), routed.history(), JobState.DEAD, stage, lane, stage + " failed: " + failure, routed.usageSoFar());
    }

    public Outcome process(RoutedJob routed) {
        long pickedUp = System.nanoTime();
        long queueWaitMs = Math.max(0, Duration.between(routed.routedAt(), Instant.now()).toMillis());
        Job job = routed.job();
        // Two routing records of one job in this process take turns here, so the second finds the first one running.
        List<Transition> running = jobLocks.call(job.id(), () -> status.advance(job, routed.history(), JobState.RUNNING, stage, lane,
                "attempt " + routed.attempt() + " on " + decoder.describe().model(), routed.usageSoFar()));

        // Check slots are shared out by tenant, so one tenant's flood does not queue ahead of everyone's checks.
        Attempt solved = CheckOwner.runAs(job.tenant(), () -> attempt(routed));
        // A decoder that spent more than it was granted still leaves the job over budget: said, never published.
        Attempt attempt = solved.overBudget() ? solved
                : JobAllowance.of(routed, settings).exceeded(solved.usage()).map(solved::endedOverBudget).orElse(solved);
        boolean escalate = attempt.result() == OutcomeResult.FAILED && lane == Lane.FAST && routed.attempt() == 1 && !attempt.overBudget();
        JobState state = switch (attempt.result()) {
            case PATCH_READY -> JobState.PATCH_READY;
            case RESULT_READY -> JobState.RESULT_READY;
            case NO_CHANGE -> JobState.NO_CHANGE;
            case FAILED -> escalate ? JobState.ESCALATED : JobState.FAILED;
        };
        Usage totalUsage = routed.usageSoFar().plus(attempt.usage());
        status.requirePermitted(job.id(), running, state);
        List<Transition> finished = JobStatuses.append(running, state, stage, lane, attempt.summary());
        long totalMs = Duration.ofNanos(System.nanoTime() - pickedUp).toMillis();
        Outcome outcome = new Outcome(Outcome.SCHEMA_VERSION, routed, lane, attempt.baseCommit(), attempt.result(), attempt.patch(),
                attempt.summary(), escalate, attempt.usage(), attempt.usage().costUsd(settings.price().inputPerMillion(), settings.price().outputPerMillion()),
                new Timings(queueWaitMs, attempt.prepareMs(), attempt.timeToFirstTokenMs(), attempt.decodeMs(), totalMs,
                        Timings.tokensPerSecond(attempt.usage().completionTokens(), attempt.decodeMs())),
                attempt.decoder(), finished, Instant.now(), attempt.verification(), attempt.agent(), attempt.document());
        // An attempt cut short by a stopping process (its decoder closed under it) must not report that as its result.
        beforeResult.accept(job.id());
        // The outcome goes first: it carries the whole history, so a failure before the status below leaves the next stage
        // to carry the job on, never a result recorded but not handed on.
        KafkaSender.send(outcomes, job.id(), outcome);
        status.recordUnlessMovedOn(job, running, finished, totalUsage, attempt.verification(), attempt.agent());
        return outcome;
    }

    private Attempt attempt(RoutedJob routed) {
        long start = System.nanoTime();
        Job job = routed.job();
        Snapshot snapshot;
        try {
            snapshot = repositories.snapshot(job.repository(), job.baseRef());
        } catch (CodebaseException e) {
            return new Attempt(OutcomeResult.FAILED, null, null, "cannot read the repository: " + e.getMessage(), Usage.NONE,
                    Attempts.since(start), 0, 0, decoder.describe());
        }
        SolveContext context = new SolveContext(routed, snapshot, safety.apply(job.repository()), decoder, settings, start);
        try {
            return solvers.apply(job).solve(context);
        } catch (CodebaseException e) {
            return Attempts.failure(context, snapshot.commitId(), "cannot work on the repository: " + e.getMessage(), Usage.NONE);
        } catch (RuntimeException e) {
            // Redelivering would run the whole attempt (a deep loop's budget) again for the same fault; say it instead.
            return Attempts.failure(context, snapshot.commitId(), "the attempt failed: " + e, Usage.NONE);
        }
    }
}
