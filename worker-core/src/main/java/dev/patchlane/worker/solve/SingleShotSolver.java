package dev.patchlane.worker.solve;

import dev.patchlane.codebase.AppliedPatch;
import dev.patchlane.codebase.PatchRejectedException;
import dev.patchlane.codebase.Snapshot;
import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.Usage;
import dev.patchlane.contracts.Verification;
import dev.patchlane.decoding.DecodeCollector;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.DecodeResult;
import dev.patchlane.decoding.prompt.Answer;
import dev.patchlane.decoding.prompt.PromptFile;
import dev.patchlane.decoding.prompt.PromptFormat;
import dev.patchlane.decoding.prompt.Task;
import dev.patchlane.sandbox.checks.ChecksFileException;
import dev.patchlane.sandbox.checks.DeclaredChecks;
import dev.patchlane.sandbox.verify.Verifier;
import dev.patchlane.worker.Attempt;
import dev.patchlane.worker.budget.JobAllowance;
import dev.patchlane.worker.guard.ReplyGuards;
import dev.patchlane.worker.verify.PatchVerification;
import dev.patchlane.worker.verify.VerificationText;
import java.util.List;
import java.util.Optional;

/**
 * One prompt with the target files, one reply: the diff is applied in memory under the safety policy, then written to a
 * checkout and verified by the repository's checks.
 */
public final class SingleShotSolver implements Solver {

    private final PatchVerification verification;

    public SingleShotSolver(PatchVerification verification) {
        this.verification = verification;
    }

    @Override
    public Attempt solve(SolveContext context) {
        Job job = context.job();
        Snapshot snapshot = context.snapshot();
        DeclaredChecks checks;
        try {
            // before the decode: a repository whose checks cannot be read is not worth a model's tokens
            checks = verification.enabled() ? verification.checksFor(snapshot, job.repository()) : DeclaredChecks.none();
        } catch (ChecksFileException e) {
            return Attempts.failure(context, snapshot.commitId(), "cannot verify: " + e.getMessage(), Usage.NONE);
        }
        List<PromptFile> files = job.targetPaths().stream()
                .map(path -> new PromptFile(path, snapshot.readText(path).orElse(null)))
                .toList();
        Task task = new Task(job.id(), job.kind(), job.instructions(), files, context.previousFailure());
        DecodeRequest request = new DecodeRequest(PromptFormat.render(task), context.settings().maxOutputTokens(), null);
        // The job's budget decides before the decode whether its prompt can be paid for, and how long the reply may be.
        JobAllowance allowance = JobAllowance.of(context.routed(), context.settings());
        JobAllowance.Grant grant = allowance.grant(Usage.NONE, request.promptTokens(), request.maxOutputTokens());
        if (grant.refused()) {
            return Attempts.failure(context, snapshot.commitId(), grant.refusal(), Usage.NONE).endedOverBudget(grant.refusal());
        }
        if (grant.cappedByBudget()) {
            request = new DecodeRequest(request.messages(), grant.maxOutputTokens(), null);
        }
        long prepareMs = Attempts.since(context.startNanos());

        DecodeResult result;
        try {
            result = DecodeCollector.collect(context.decoder(), request, ReplyGuards.forJob(job, context.settings().earlyAbortChars()),
                    context.settings().timeout());
        } catch (RuntimeException e) {
            // Whatever breaks in the decode fails this attempt with its reason; only the pipeline's own errors retry.
            return Attempts.failure(context, snapshot.commitId(), "decoder failed: " + Attempts.describe(e), new Usage(request.promptTokens(), 0));
        }
        DecoderInfo info = Attempts.info(context.decoder(), result);
        if (result.aborted()) {
            return new Attempt(OutcomeResult.FAILED, snapshot.commitId(), null, "stream cancelled early: " + result.abortReason(),
                    result.usage(), prepareMs, result.timeToFirstTokenMs(), result.decodeMs(), info);
        }
        if (grant.cappedByBudget() && "length".equals(result.finishReason())) {
            String why = allowance.cut(grant, result.usage());
            return new Attempt(OutcomeResult.FAILED, snapshot.commitId(), null, why, result.usage(), prepareMs, result.timeToFirstTokenMs(),
                    result.decodeMs(), info).endedOverBudget(why);
        }
        Optional<Answer> answer = Answer.parse(result.text());
        if (answer.isEmpty()) {
            return new Attempt(OutcomeResult.FAILED, snapshot.commitId(), null,
                    "the reply holds neither a diff nor a NO_CHANGE line (finish reason " + result.finishReason() + "); it began: "
                            + Attempts.excerpt(result.text()),
                    result.usage(), prepareMs, result.timeToFirstTokenMs(), result.decodeMs(), info);
        }
        if (answer.get().diff() == null) {
            return new Attempt(OutcomeResult.NO_CHANGE, snapshot.commitId(), null, answer.get().noChangeReason(), result.usage(),
                    prepareMs, result.timeToFirstTokenMs(), result.decodeMs(), info);
        }
        String diff = answer.get().diff();
        AppliedPatch applied;
        try {
            applied = snapshot.apply(diff, context.policy());
        } catch (PatchRejectedException e) {
            return new Attempt(OutcomeResult.FAILED, snapshot.commitId(), diff, "the patch failed its self-check: " + e.getMessage(),
                    result.usage(), prepareMs, result.timeToFirstTokenMs(), result.decodeMs(), info);
        }
        Attempt ready = new Attempt(OutcomeResult.PATCH_READY, snapshot.commitId(), diff, Attempts.summaryOf(result.text(), applied.paths()),
                result.usage(), prepareMs, result.timeToFirstTokenMs(), result.decodeMs(), info);
        return verified(ready, applied, checks, context);
    }

    private Attempt verified(Attempt ready, AppliedPatch applied, DeclaredChecks checks, SolveContext context) {
        if (!verification.enabled()) {
            return ready.withVerification(ready.result(), ready.summary(),
                    Verification.notVerified(Verifier.NOT_RUN, "verification is turned off (patchlane.verify.enabled=false)"));
        }
        String repository = context.job().repository();
        Verification verdict = verification.verify(applied, context.snapshot(), repository, checks,
                context.job().id() + "-" + context.routed().attempt());
        if (verdict.failed()) {
            return ready.withVerification(OutcomeResult.FAILED, VerificationText.failure(verdict), verdict);
        }
        return ready.withVerification(OutcomeResult.PATCH_READY, ready.summary() + "; " + verdict.summary(), verdict);
    }

}
