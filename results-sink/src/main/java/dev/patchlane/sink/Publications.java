package dev.patchlane.sink;

import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.sink.prepare.PreparedPatch;
import dev.patchlane.sink.publish.PatchFilePublisher;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The publication record and the status reason for what the publishers did. */
final class Publications {

    private Publications() {
    }

    static Publication of(PreparedPatch patch, List<PublicationTarget> targets) {
        Job job = patch.outcome().job();
        // The first delivery's commit stays on the branch, so that is the one the publication names.
        java.util.Optional<String> branchCommit = targets.stream()
                .filter(t -> t.commit() != null && (t.effect() == PublishEffect.CREATED || t.effect() == PublishEffect.ALREADY_PUBLISHED))
                .map(PublicationTarget::commit).findFirst();
        String patchFile = targets.stream().filter(t -> t.publisher().equals(PatchFilePublisher.NAME)).map(PublicationTarget::location)
                .findFirst().orElse(null);
        return new Publication(Publication.SCHEMA_VERSION, job.id(), job.kind(), job.repository(),
                branchCommit.isPresent() ? patch.branch() : null, branchCommit.orElse(patch.commit()), patchFile, targets, null, Instant.now());
    }

    static String describe(List<PublicationTarget> targets) {
        if (targets.isEmpty()) {
            return "no publisher is configured for this job";
        }
        return targets.stream().map(t -> t.publisher() + " " + t.effect().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": "
                + t.location() + (t.detail() == null ? "" : " (" + t.detail() + ")")).collect(Collectors.joining("; "));
    }
}
