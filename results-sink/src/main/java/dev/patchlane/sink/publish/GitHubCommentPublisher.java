package dev.patchlane.sink.publish;

import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.sink.config.GitHubRepositories;
import dev.patchlane.sink.github.GitHubPullRequests;
import dev.patchlane.sink.github.IssueCommentResult;
import dev.patchlane.sink.prepare.PreparedResult;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Publishes a structured result as a comment on the issue or pull request a GitHub webhook job came from: the document
 * in a fenced {@code json} block under a hidden marker naming the job. The comments are searched for the marker
 * before posting, so a redelivery posts nothing; it goes through the same client, rate limits and mutation pacing as
 * the pull requests.
 */
public final class GitHubCommentPublisher implements ResultPublisher {

    public static final String NAME = "github-comment";

    private final GitHubPullRequests github;
    private final Function<Job, String> repositoryOf;
    private final String host;
    private final Map<String, Object> issueLocks = new ConcurrentHashMap<>();

    /**
     * @param repositoryOf the job's GitHub {@code owner/name}
     * @param host the GitHub web host its issue and pull request links are on, e.g. {@code github.com}
     */
    public GitHubCommentPublisher(GitHubPullRequests github, Function<Job, String> repositoryOf, String host) {
        this.github = github;
        this.repositoryOf = repositoryOf;
        this.host = host;
    }

    @Override
    public PublicationTarget publish(PreparedResult result) {
        Job job = result.outcome().job();
        String repository = repositoryOf.apply(job);
        OptionalInt number = "github".equals(job.source().type())
                ? GitHubRepositories.issueNumber(job.source().reference(), host, repository)
                : OptionalInt.empty();
        if (number.isEmpty()) {
            return new PublicationTarget(NAME, PublishEffect.LEFT_ALONE, repository, null,
                    "no comment: the job came from no GitHub issue or pull request of " + repository);
        }
        IssueCommentResult comment;
        // In this process deliveries take turns per issue, so the lookup sees the comment a concurrent one posted.
        synchronized (issueLocks.computeIfAbsent(repository.toLowerCase(Locale.ROOT) + "#" + number.getAsInt(), key -> new Object())) {
            comment = github.ensureComment(repository, number.getAsInt(), ResultCommentText.marker(job), ResultCommentText.body(result));
        }
        return new PublicationTarget(NAME, comment.created() ? PublishEffect.CREATED : PublishEffect.ALREADY_PUBLISHED, comment.url(), null,
                comment.detail());
    }
}
