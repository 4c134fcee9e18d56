package dev.patchlane.sink.publish;

import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.contracts.Rebases;
import dev.patchlane.sink.github.GitHubPullRequests;
import dev.patchlane.sink.github.PullRequestEffect;
import dev.patchlane.sink.github.PullRequestResult;
import dev.patchlane.sink.github.PullRequestSpec;
import dev.patchlane.sink.prepare.PreparedPatch;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Publishes to GitHub: looks up the job's pull request first (a merged or human-closed one ends it), pushes the bot's
 * branch under a lease, then opens the pull request unless one exists. Each step finds its own earlier effect, so a
 * crash between any two of them is repaired by the redelivery.
 */
public final class GitHubPublisher implements Publisher {

    public static final String NAME = "github";

    private final GitHubPullRequests pulls;
    private final Publisher branchPush;
    private final Function<Job, String> repositoryOf;
    private final boolean draft;
    private final List<String> labels;

    public GitHubPublisher(GitHubPullRequests pulls, Publisher branchPush, Function<Job, String> repositoryOf, boolean draft,
            List<String> labels) {
        this.pulls = pulls;
        this.branchPush = branchPush;
        this.repositoryOf = repositoryOf;
        this.draft = draft;
        this.labels = List.copyOf(labels);
    }

    @Override
    public PublicationTarget publish(PreparedPatch patch) {
        Job job = patch.outcome().job();
        String repository = repositoryOf.apply(job);
        if (Rebases.publishedJobOf(job).isPresent()) {
            return rerun(patch, repository);
        }
        Optional<PullRequestResult> earlier = pulls.find(repository, patch.branch());
        if (earlier.isPresent() && earlier.get().effect() != PullRequestEffect.EXISTING_OPEN) {
            return target(earlier.get(), null, null);
        }
        PublicationTarget pushed = branchPush.publish(patch);
        if (pushed.effect() == PublishEffect.LEFT_ALONE) {
            return new PublicationTarget(NAME, PublishEffect.LEFT_ALONE,
                    earlier.map(PullRequestResult::url).orElse(pushed.location()), null, pushed.detail());
        }
        String base = isCommitId(job.baseRef()) ? pulls.defaultBranch(repository) : job.baseRef().replaceFirst("^refs/heads/", "");
        PullRequestResult pull = pulls.ensure(new PullRequestSpec(repository, patch.branch(), base,
                PullRequestText.title(patch.outcome()), PullRequestText.body(patch.outcome(), patch.commit()), draft, labels));
        return target(pull, pushed.commit(), "branch " + pushed.effect().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }

    /**
     * A re-run on a moved base only moves the branch of an open pull request: a closed one stays closed and no pull
     * request is ever opened for a re-run.
     */
    private PublicationTarget rerun(PreparedPatch patch, String repository) {
        Optional<PullRequestResult> pull = pulls.find(repository, patch.branch());
        if (pull.isEmpty()) {
            return new PublicationTarget(NAME, PublishEffect.LEFT_ALONE, null, null,
                    "no pull request holds " + patch.branch() + "; a re-run only updates an open one");
        }
        if (pull.get().effect() != PullRequestEffect.EXISTING_OPEN) {
            return target(pull.get(), null, null);
        }
        PublicationTarget pushed = branchPush.publish(patch);
        return new PublicationTarget(NAME, pushed.effect(), pull.get().url(), pushed.commit(), pushed.detail());
    }

    private static PublicationTarget target(PullRequestResult pull, String commit, String branchNote) {
        return switch (pull.effect()) {
            case CREATED -> new PublicationTarget(NAME, PublishEffect.CREATED, pull.url(), commit, branchNote);
            case EXISTING_OPEN -> new PublicationTarget(NAME, PublishEffect.ALREADY_PUBLISHED, pull.url(), commit, branchNote);
            case ALREADY_MERGED -> new PublicationTarget(NAME, PublishEffect.ALREADY_MERGED, pull.url(), null,
                    "pull request #" + pull.number() + " was already merged");
            case CLOSED_BY_HUMAN -> new PublicationTarget(NAME, PublishEffect.CLOSED_BY_HUMAN, pull.url(), null,
                    "pull request #" + pull.number() + " was closed unmerged by a person; not reopened or recreated");
        };
    }

    // A pull request's base must be a branch: commits, HEAD and tags mean the repository's default branch.
    private static boolean isCommitId(String ref) {
        return ref.matches("[0-9a-fA-F]{7,40}") || ref.equals("HEAD") || ref.startsWith("refs/tags/");
    }
}
