package dev.patchlane.sink.checks;

import dev.patchlane.contracts.JobStatus;
import dev.patchlane.sink.config.GitHubRepositories;
import dev.patchlane.sink.config.PublishConfig;
import dev.patchlane.sink.github.CheckRunSpec;
import dev.patchlane.sink.github.CheckRunState;
import dev.patchlane.sink.github.GitHubCheckRuns;
import dev.patchlane.sink.github.GitHubPullRequests;
import dev.patchlane.sink.github.IssueCommentResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brings a GitHub job's check run (on its head commit) or status comment (on its issue) to what one status says. Holds
 * no state of its own: the run is looked up by name and {@code external_id} (the job id) before any write, a completed
 * run is never touched again, and a status older than the one a run shows (by the history length it carries) changes
 * nothing; so redeliveries and replicas taking over a partition agree.
 */
public final class CheckRunSync {

    static final String ENDED = "<!-- patchlane:ended -->";

    private final GitHubCheckRuns checks;
    private final GitHubPullRequests comments;
    private final PublishConfig publish;
    private final Optional<Long> appId;
    private final Map<String, Object> jobLocks = new ConcurrentHashMap<>();

    /** What one status did on GitHub, in words for the log and the tests. */
    public record Result(String effect, String detail) {
    }

    public CheckRunSync(GitHubCheckRuns checks, GitHubPullRequests comments, PublishConfig publish) {
        this.checks = checks;
        this.comments = comments;
        this.publish = publish;
        this.appId = publish.github().app().id();
    }

    public Result apply(JobStatus status) {
        if (status.source() == null || !"github".equals(status.source().type())) {
            return new Result("skipped", "not a GitHub job");
        }
        Optional<String> repository = repositoryOf(status.repository());
        if (repository.isEmpty()) {
            return new Result("skipped", "the job's repository is not on GitHub");
        }
        synchronized (jobLocks.computeIfAbsent(status.jobId(), key -> new Object())) {
            try {
                if (status.source().commit() != null) {
                    return checkRun(repository.get(), status.source().commit(), status);
                }
                OptionalInt issue = GitHubRepositories.issueNumber(status.source().reference(),
                        GitHubRepositories.host(publish.github().gitUrl()), repository.get());
                if (issue.isPresent()) {
                    return comment(repository.get(), issue.getAsInt(), status);
                }
                return new Result("skipped", "the job names neither a commit nor an issue");
            } finally {
                if (status.isTerminal()) {
                    jobLocks.remove(status.jobId());
                }
            }
        }
    }

    private Result checkRun(String repository, String sha, JobStatus status) {
        String name = publish.github().checks().name();
        CheckRunSpec spec = CheckRunView.of(status, publish.github().checks().publicBaseUrl());
        List<CheckRunState> runs = checks.find(repository, sha, name, status.jobId(), appId);
        if (runs.isEmpty()) {
            CheckRunState created = checks.create(repository, sha, name, status.jobId(), spec);
            // Another replica creating at the same moment (a rebalance mid-call): the older run stands. GitHub deletes no
            // check run, so this one is closed as a duplicate.
            List<CheckRunState> after = checks.find(repository, sha, name, status.jobId(), appId);
            if (!after.isEmpty() && after.get(0).id() != created.id()) {
                checks.update(repository, created.id(), duplicate(after.get(0)));
                return new Result("duplicate", "run " + created.id() + " closed; run " + after.get(0).id() + " reports the job");
            }
            return new Result("created", created.status() + " " + created.url());
        }
        CheckRunState run = runs.get(0);
        if (run.completed()) {
            return new Result("left", "run " + run.id() + " is completed");
        }
        if (StatusText.step(run.summary()) > status.history().size()) {
            return new Result("superseded", "run " + run.id() + " shows a newer status");
        }
        if (spec.status().equals(run.status()) && spec.summary().equals(run.summary())) {
            return new Result("unchanged", "run " + run.id());
        }
        CheckRunState updated = checks.update(repository, run.id(), spec);
        return new Result("updated", updated.status() + " " + updated.url());
    }

    private Result comment(String repository, int number, JobStatus status) {
        String marker = "<!-- patchlane:status:" + status.jobId() + " -->";
        String body = "### patchlane: " + StatusText.title(status) + "\n\n" + StatusText.summary(status, publish.github().checks().publicBaseUrl())
                + "\n" + marker + (status.isTerminal() ? "\n" + ENDED : "");
        IssueCommentResult result = comments.upsertComment(repository, number, marker, body,
                current -> !current.contains(ENDED) && StatusText.step(current) <= status.history().size());
        return new Result(result.created() ? "created" : result.detail(), result.url());
    }

    private static CheckRunSpec duplicate(CheckRunState original) {
        return new CheckRunSpec("completed", "skipped", "Duplicate", "This job is reported by " + original.url() + ".", null, List.of());
    }

    private Optional<String> repositoryOf(String repository) {
        return Optional.ofNullable(publish.repositories().get(repository)).flatMap(PublishConfig.RepositoryRoute::githubRepository)
                .or(() -> GitHubRepositories.ownerAndName(repository, GitHubRepositories.host(publish.github().gitUrl())));
    }
}
