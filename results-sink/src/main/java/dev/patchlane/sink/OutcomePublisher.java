package dev.patchlane.sink;

import dev.patchlane.codebase.PatchRejectedException;
import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.sink.prepare.PatchPreparer;
import dev.patchlane.sink.prepare.PreparedPatch;
import dev.patchlane.sink.prepare.PreparedResult;
import dev.patchlane.sink.prepare.ResultRejectedException;
import dev.patchlane.sink.publish.Publisher;
import dev.patchlane.sink.publish.Publishers;
import dev.patchlane.sink.publish.ResultPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the sink does with one outcome, short of announcing it: a ready patch is re-checked, committed and published; a
 * ready structured result is checked and published as a result, without a patch. Every publisher finds its own
 * earlier effect, so a redelivery changes nothing.
 */
final class OutcomePublisher {

    /** Where the job goes next, why, and the publication record to announce. */
    record Decision(JobState state, String reason, Publication publication) {
    }

    private final PatchPreparer preparer;
    private final Publishers publishers;
    private final Function<String, SafetyPolicy> policies;

    OutcomePublisher(PatchPreparer preparer, Publishers publishers, Function<String, SafetyPolicy> policies) {
        this.preparer = preparer;
        this.publishers = publishers;
        this.policies = policies;
    }

    /** Empty for an outcome with nothing to publish (no change, failed). */
    Optional<Decision> publish(Outcome outcome) {
        if (outcome.result() == OutcomeResult.PATCH_READY) {
            return Optional.of(publishPatch(outcome));
        }
        if (outcome.result() == OutcomeResult.RESULT_READY) {
            return Optional.of(publishResult(outcome));
        }
        return Optional.empty();
    }

    private Decision publishPatch(Outcome outcome) {
        Job job = outcome.job();
        PreparedPatch prepared;
        try {
            prepared = preparer.prepare(outcome, policies.apply(job.repository()));
        } catch (PatchRejectedException e) {
            return new Decision(JobState.REJECTED, "the patch was refused: " + e.getMessage(), Publications.rejected(outcome, e.getMessage()));
        }
        List<PublicationTarget> targets = new ArrayList<>();
        for (Publisher publisher : publishers.forJob(job)) {
            targets.add(publisher.publish(prepared));
        }
        return new Decision(JobState.PUBLISHED, Publications.describe(targets), Publications.of(prepared, targets));
    }

    private Decision publishResult(Outcome outcome) {
        PreparedResult prepared;
        try {
            // Only its shape and size: the worker validated it against the job's output schema, which this stage does
            // not hold and need not check again.
            prepared = PreparedResult.of(outcome);
        } catch (ResultRejectedException e) {
            return new Decision(JobState.REJECTED, "the result was refused: " + e.getMessage(), Publications.rejected(outcome, e.getMessage()));
        }
        List<PublicationTarget> targets = new ArrayList<>();
        for (ResultPublisher publisher : publishers.forResult(outcome.job())) {
            targets.add(publisher.publish(prepared));
        }
        return new Decision(JobState.PUBLISHED, Publications.describe(targets), Publications.ofResult(prepared, targets));
    }
}
