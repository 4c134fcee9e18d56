package dev.patchlane.sink;

import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.sink.prepare.PreparedPatch;
import dev.patchlane.sink.prepare.PreparedResult;
import dev.patchlane.sink.publish.PatchFilePublisher;
import dev.patchlane.sink.publish.ResultFilePublisher;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The publication record and the status reason for what the publishers did; each carries the outcome's verification. */
final class Publications {

    private Publications() {
    }

    static Publication of(PreparedPatch patch, List<PublicationTarget> targets) {
        Outcome outcome = patch.outcome();
        Job job = outcome.job();
        // The first delivery's commit stays on the branch, so that is the one the publication names.
        Optional<String> branchCommit = targets.stream()
                .filter(t -> t.commit() != null && (t.effect() == PublishEffect.CREATED || t.effect() == PublishEffect.ALREADY_PUBLISHED))
                .map(PublicationTarget::commit).findFirst();
        return new Publication(Publication.SCHEMA_VERSION, job.id(), job.kind(), job.repository(),
                branchCommit.isPresent() ? patch.branch() : null, branchCommit.orElse(patch.commit()),
                location(targets, PatchFilePublisher.NAME), targets, null, Instant.now(), outcome.verification(), null, null);
    }

    /** A structured result: no branch, commit or patch file; its result file and the document itself. */
    static Publication ofResult(PreparedResult result, List<PublicationTarget> targets) {
        Job job = result.outcome().job();
        return new Publication(Publication.SCHEMA_VERSION, job.id(), job.kind(), job.repository(), null, null, null, targets, null,
                Instant.now(), result.outcome().verification(), location(targets, ResultFilePublisher.NAME), result.document());
    }

    static Publication rejected(Outcome outcome, String reason) {
        Job job = outcome.job();
        return new Publication(Publication.SCHEMA_VERSION, job.id(), job.kind(), job.repository(), null, null, null, List.of(), reason,
                Instant.now(), outcome.verification(), null, null);
    }

    static String describe(List<PublicationTarget> targets) {
        if (targets.isEmpty()) {
            return "no publisher is configured for this job";
        }
        return targets.stream().map(t -> t.publisher() + " " + t.effect().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": "
                + t.location() + (t.detail() == null ? "" : " (" + t.detail() + ")")).collect(Collectors.joining("; "));
    }

    private static String location(List<PublicationTarget> targets, String publisher) {
        return targets.stream().filter(t -> t.publisher().equals(publisher)).map(PublicationTarget::location).findFirst().orElse(null);
    }
}
