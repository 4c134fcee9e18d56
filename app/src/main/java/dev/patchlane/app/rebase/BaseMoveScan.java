package dev.patchlane.app.rebase;

import dev.patchlane.pipeline.kafka.SubmittedJobs;
import dev.patchlane.codebase.BaseMoveCheck;
import dev.patchlane.codebase.CodebaseException;
import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.codebase.Snapshot;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Rebases;
import dev.patchlane.ingest.JobIntake;
import dev.patchlane.ingest.github.push.BaseMove;
import dev.patchlane.pipeline.status.JobStatusView;
import dev.patchlane.sink.github.OpenPull;
import dev.patchlane.sink.publish.Publishers;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scan of a moved base: patchlane's open pull requests on it, each judged ({@link BaseMoveCheck}) and, where the
 * change no longer merges or its checks may change, re-run on the new base as a job of its own. A closed pull request
 * is never listed (only open ones are), so it is never re-run; a branch with a person's commit gets a re-run job that
 * ends FAILED with that reason, so the status says why nothing moved.
 */
final class BaseMoveScan {

    static final String BRANCH_PREFIX = "patchlane/";
    private static final Pattern BRANCH = Pattern.compile(
            "patchlane/([a-z0-9-]{1,40})/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    private final RebaseConfig config;
    private final Publishers publishers;
    private final JobStatusView statuses;
    private final JobIntake intake;
    private final RepositoryCache repositories;
    private final SubmittedJobs submitted;
    private final Predicate<String> operatorChecks;
    private final Predicate<String> checkFree;

    BaseMoveScan(RebaseConfig config, Publishers publishers, JobStatusView statuses, JobIntake intake, RepositoryCache repositories,
            SubmittedJobs submitted, Predicate<String> operatorChecks) {
        this.config = config;
        this.publishers = publishers;
        this.statuses = statuses;
        this.intake = intake;
        this.repositories = repositories;
        this.submitted = submitted;
        this.operatorChecks = operatorChecks;
        List<PathMatcher> globs = config.checkFreePaths().orElse(List.of()).stream()
                .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
        this.checkFree = path -> globs.stream().anyMatch(m -> m.matches(Path.of(path)));
    }

    ScanReport scan(BaseMove move) {
        List<String> notes = new ArrayList<>();
        List<String> reruns = new ArrayList<>();
        List<OpenPull> open;
        try {
            open = publishers.githubClient().openOnBase(move.repository(), move.branch(), BRANCH_PREFIX, config.maxPullsPerScan());
        } catch (RuntimeException e) {
            notes.add("cannot list the open pull requests on " + move.branch() + ": " + e.getMessage());
            return report(move, notes, reruns);
        }
        if (open.isEmpty()) {
            notes.add("no open patchlane pull request on " + move.branch());
        }
        for (OpenPull pull : open) {
            if (reruns.size() >= config.maxRerunsPerScan()) {
                notes.add("#" + pull.number() + ": left for the next push (at most " + config.maxRerunsPerScan() + " re-runs per scan)");
                continue;
            }
            try {
                notes.add("#" + pull.number() + ": " + judge(move, pull, reruns));
            } catch (RuntimeException e) {
                notes.add("#" + pull.number() + ": not judged: " + e.getMessage());
            }
        }
        return report(move, notes, reruns);
    }

    private String judge(BaseMove move, OpenPull pull, List<String> reruns) {
        if (!pull.sameRepository()) {
            return "its head is in a fork, not patchlane's branch";
        }
        Matcher branch = BRANCH.matcher(pull.head());
        if (!branch.matches() || java.util.Arrays.stream(JobKind.values()).noneMatch(k -> k.slug().equals(branch.group(1)))) {
            return "head " + pull.head() + " is no patchlane job branch";
        }
        String jobId = branch.group(2);
        Optional<JobStatus> status = statuses.get(jobId);
        if (status.isEmpty() || status.get().state() != JobState.PUBLISHED) {
            return "job " + jobId + " is " + status.map(s -> s.state().name()).orElse("unknown") + ", not PUBLISHED";
        }
        if (!JobIds.branchName(status.get().kind(), jobId).equals(pull.head())) {
            return "head " + pull.head() + " is not the branch of job " + jobId;
        }
        Instant submittedAt = status.get().history().get(0).at();
        Optional<Job> found = submitted.find(jobId, submittedAt);
        if (found.isEmpty()) {
            return "job " + jobId + "'s record is no longer on the submitted topic (retention); not re-run";
        }
        Job job = found.get();
        if (!publishers.publishesToGitHub(job)
                || !publishers.githubRepositoryFor(job).toLowerCase(Locale.ROOT).equals(move.repository().toLowerCase(Locale.ROOT))) {
            return "job " + jobId + " is not published to " + move.repository() + "; the push does not concern it";
        }
        Snapshot newBase;
        try {
            newBase = repositories.snapshot(job.repository(), move.after());
        } catch (CodebaseException e) {
            return "the pushed commit " + move.after() + " is not in the job's repository: " + e.getMessage();
        }
        Publishers.GitRemote remote = publishers.githubRemoteFor(job);
        BaseMoveCheck.Verdict verdict = BaseMoveCheck.judge(newBase, remote.url(), pull.head(), jobId, remote.credentials(),
                operatorChecks.test(job.repository()), checkFree);
        String key = Rebases.idempotencyKey(jobId, newBase.commitId());
        JobRequest rerun = new JobRequest(job.kind(), job.repository(), newBase.commitId(), job.targetPaths(), job.instructions(),
                job.outputSchema(), job.laneHint(), new JobSource(Rebases.SOURCE_TYPE, jobId, pull.url()), key);
        String rerunId = JobIds.fromIdempotencyKey(key);
        if (verdict.kind() == BaseMoveCheck.Kind.FOREIGN_COMMITS) {
            intake.recordFailure(rerun, job.tenant(), JobState.FAILED, verdict.detail());
            return verdict.detail() + " (job " + rerunId + " says so)";
        }
        if (!verdict.kind().needsRerun()) {
            return verdict.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + verdict.detail();
        }
        if (intake.isUnderway(key)) {
            return "already re-run on " + newBase.commitId() + " as job " + rerunId;
        }
        if (intake.submitOrRecordRefusal(rerun, job.tenant())) {
            reruns.add(rerunId);
        }
        return verdict.detail() + "; re-run as job " + rerunId;
    }

    private static ScanReport report(BaseMove move, List<String> notes, List<String> reruns) {
        return new ScanReport(move.deliveryId(), move.repository(), move.branch(), move.after(), notes, reruns, Instant.now());
    }
}
