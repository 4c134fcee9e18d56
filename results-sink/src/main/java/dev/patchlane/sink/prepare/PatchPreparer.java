package dev.patchlane.sink.prepare;

import dev.patchlane.codebase.AppliedPatch;
import dev.patchlane.codebase.CommitMessage;
import dev.patchlane.codebase.GitPublisher;
import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.codebase.Snapshot;
import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.Rebases;
import dev.patchlane.contracts.Outcome;
import java.util.List;

/**
 * Re-checks a ready patch against the repository's safety policy on the commit it was made from, and commits it. The
 * author, time and message come only from the outcome, so every delivery of one outcome makes the same commit id.
 */
public final class PatchPreparer {

    private static final int MAX_SUMMARY_CHARS = 4_000;
    private static final int MAX_SUBJECT_CHARS = 200;

    private final RepositoryCache repositories;

    public PatchPreparer(RepositoryCache repositories) {
        this.repositories = repositories;
    }

    /** @throws dev.patchlane.codebase.PatchRejectedException when the patch breaks the policy or does not apply */
    public PreparedPatch prepare(Outcome outcome, SafetyPolicy policy) {
        Job job = outcome.job();
        Snapshot snapshot = repositories.snapshot(job.repository(), outcome.baseCommit());
        AppliedPatch applied = snapshot.apply(outcome.patch(), policy);
        CommitMessage message = message(outcome);
        String commit = GitPublisher.commit(applied, message, outcome.finishedAt());
        String mbox = GitPublisher.emailPatch(applied, commit, message, outcome.finishedAt());
        return new PreparedPatch(outcome, snapshot, Rebases.branchOf(job), commit, mbox);
    }

    static CommitMessage message(Outcome outcome) {
        Job job = outcome.job();
        DecoderInfo decoder = outcome.decoder();
        String prose = "Automated change by patchlane; what the decoder says it did:\n\n" + quoted(outcome.summary());
        // Everything here comes from the outcome alone, so every delivery makes the same commit id.
        return CommitMessage.withTrailers(subject(job), prose, List.of(
                new CommitMessage.Trailer("Patchlane-Job", job.id()),
                new CommitMessage.Trailer("Patchlane-Lane", outcome.lane() + " (attempt " + outcome.routed().attempt() + ")"),
                new CommitMessage.Trailer("Patchlane-Decoder", decoder.name() + ", " + decoder.model() + ", content " + decoder.contentSource()
                        + (decoder.emulated() ? " (emulated: no real model produced this change)" : "")),
                CommitMessage.verification(outcome.verification())));
    }

    /** One line naming the change, for the commit, the patch file and the pull request, capped well within GitHub's 256. */
    public static String subject(Job job) {
        // Paths are validated, but a subject line must never carry a line break into the mbox headers.
        String subject = ("patchlane: " + job.kind().slug() + " " + job.targetPaths().get(0)
                + (job.targetPaths().size() > 1 ? " and " + (job.targetPaths().size() - 1) + " more" : ""))
                .replaceAll("\\p{Cntrl}", " ");
        return subject.length() <= MAX_SUBJECT_CHARS ? subject : subject.substring(0, MAX_SUBJECT_CHARS - 1) + "…";
    }

    /**
     * The decoder's words, indented: {@code git am} would read a line starting {@code From }, {@code From:},
     * {@code ---}, {@code diff -} or {@code Index: } as mail headers, a new message or the start of the patch, so an
     * unindented summary could smuggle in a diff the safety policy never saw.
     */
    static String quoted(String summary) {
        String text = summary == null ? "" : summary;
        if (text.length() > MAX_SUMMARY_CHARS) {
            text = text.substring(0, MAX_SUMMARY_CHARS) + " (truncated)";
        }
        StringBuilder quoted = new StringBuilder();
        for (String line : text.replaceAll("[\\p{Cntrl}&&[^\n\t]]", " ").split("\n", -1)) {
            quoted.append("    ").append(line.stripTrailing()).append('\n');
        }
        return quoted.toString().stripTrailing();
    }
}
