package dev.patchlane.app.rebase;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.app.support.Deliveries;
import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.GitHubRepository;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.contracts.Rebases;
import dev.patchlane.pipeline.status.JobStatusView;
import dev.patchlane.sink.github.GitHubStub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A moving base through the whole application on the embedded broker: published pull requests on their own base
 * branches of the GitHub-like repository (the GitHub stub for the API, a bare repository for git), then signed
 * {@code push} deliveries as GitHub sends them.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class BaseMoveRerunTest {

    private static final List<String> SCENARIOS = List.of("conflict", "quiet", "burst", "closed", "person", "forged");
    private static final String CLASS_LINE = "public class Service {  ";
    private static Map<String, Published> published;

    private final GitHubRepository github = GitHubRepository.instance(TestPipeline.dataDir());

    @Inject
    RebaseWatcher watcher;

    @Inject
    JobStatusView statuses;

    /** A job published as a pull request on {@code base}; {@code worktree} is where the base's next commits are made. */
    record Published(String jobId, String base, String branch, String commit, int pull, Path worktree) {
    }

    @Test
    void aConflictingMoveReRunsTheJobOnTheNewBaseAndTheBranchGetsANewCommitOnTopOfTheBots() {
        Published p = published().get("conflict");
        String before = head(p);
        String after = commit(p, CLASS_LINE, "public final class Service {  ", "final, by a person");
        assertEquals(202, push(p, "conflict-1", before, after).statusCode());

        String rerun = rerunId(p, after);
        await().atMost(Duration.ofMinutes(1)).until(() -> terminal(rerun));
        JobStatus status = Jobs.status(rerun);
        assertEquals(JobState.PUBLISHED, status.state(), status.reason());
        PublicationTarget target = githubTarget(status);
        assertEquals(PublishEffect.UPDATED, target.effect(), target.detail());
        assertTrue(target.location().endsWith("/pull/" + p.pull()), target.location());

        String head = remoteHead(p);
        assertEquals(p.commit() + "\n" + after, Git.run(github.remote(), "rev-parse", head + "^1", head + "^2").strip(),
                "a merge: the bot's first commit, then the new base");
        String file = Git.run(github.remote(), "show", head + ":" + GitHubRepository.FILE);
        assertTrue(file.contains("public final class Service {\n"), "the patch was made again on the new base:\n" + file);
        assertFalse(file.contains("import java.util.List;"), file);
        assertEquals(GitHubRepository.FILE, Git.run(github.remote(), "diff", "--name-only", after, head).strip(),
                "the tree is the new base with the patch, so the pull request shows the patch alone");
        GitHubStub.Pull pull = pullOf(p);
        assertEquals("open", pull.state());
        assertEquals(1, github.stub().pulls().stream().filter(q -> q.head().equals(p.branch())).count(), "no second pull request");

        // The same push again, and another delivery of it: one re-run, one new commit.
        assertEquals(202, push(p, "conflict-1", before, after).statusCode());
        assertEquals(202, push(p, "conflict-2", before, after).statusCode());
        settle();
        assertEquals(head, remoteHead(p));
        assertEquals(List.of(rerun), reruns(p));
    }

    @Test
    void aMoveThatMergesCleanlyInARepositoryWithoutChecksChangesNothing() {
        Published p = published().get("quiet");
        String before = head(p);
        String after = commitFile(p, "docs/notes.md", "Release notes.\n");
        assertEquals(202, push(p, "quiet-1", before, after).statusCode());

        ScanReport report = reportOf("quiet-1");
        assertTrue(report.notes().get(0).contains("still applies"), report.notes().toString());
        assertEquals(List.of(), report.reruns());
        settle();
        assertEquals(p.commit(), remoteHead(p));
        assertEquals(List.of(), reruns(p));
    }

    @Test
    void aBurstOfTenPushesGivesBoundedReRunsAndEndsOnTheLatestBase() {
        Published p = published().get("burst");
        String before = head(p);
        String[] afters = new String[10];
        for (int i = 0; i < 10; i++) {
            afters[i] = commit(p, i == 0 ? CLASS_LINE : "public class Service { // v" + i + "  ", "public class Service { // v" + (i + 1) + "  ",
                    "v" + (i + 1));
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(202, push(p, "burst-" + i, i == 0 ? before : afters[i - 1], afters[i]).statusCode());
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> contains(remoteHead(p), afters[9]) && reruns(p).stream().allMatch(this::terminal));
        List<String> reruns = reruns(p);
        assertTrue(reruns.size() >= 1 && reruns.size() <= 2, "at most one re-run per interval: " + reruns.size());
        String file = Git.run(github.remote(), "show", remoteHead(p) + ":" + GitHubRepository.FILE);
        assertTrue(file.contains("public class Service { // v10\n"), file);
    }

    @Test
    void aPullRequestAPersonClosedStaysClosedAndIsNotReRun() {
        Published p = published().get("closed");
        github.stub().closePull(p.pull(), false);
        String before = head(p);
        String after = commit(p, CLASS_LINE, "public final class Service {  ", "final");
        assertEquals(202, push(p, "closed-1", before, after).statusCode());

        ScanReport report = reportOf("closed-1");
        assertEquals(List.of("no open patchlane pull request on " + p.base()), report.notes());
        settle();
        assertEquals(List.of(), reruns(p));
        assertEquals(p.commit(), remoteHead(p));
        assertEquals("closed", pullOf(p).state());
    }

    @Test
    void aBranchHoldingAPersonsCommitIsLeftAloneWithTheReason() throws Exception {
        Published p = published().get("person");
        Path clone = TestPipeline.dataDir().resolve("alice-" + p.jobId());
        Git.run(TestPipeline.dataDir(), "clone", "-q", "-b", p.branch(), github.remote().toString(), clone.toString());
        Files.writeString(clone.resolve("NOTES.txt"), "Alice was here.\n");
        Git.run(clone, "add", "NOTES.txt");
        Git.run(clone, "-c", "user.name=Alice", "-c", "user.email=alice@example.com", "commit", "-q", "-m", "my own touch");
        Git.run(clone, "push", "-q", "origin", p.branch());
        String alices = Git.run(clone, "rev-parse", "HEAD").strip();

        String before = head(p);
        String after = commit(p, CLASS_LINE, "public final class Service {  ", "final");
        assertEquals(202, push(p, "person-1", before, after).statusCode());

        String rerun = rerunId(p, after);
        await().atMost(Duration.ofSeconds(30)).until(() -> terminal(rerun));
        JobStatus status = Jobs.status(rerun);
        assertEquals(JobState.FAILED, status.state());
        assertTrue(status.reason().contains("Alice <alice@example.com>") && status.reason().contains("left alone"), status.reason());
        assertEquals(alices, remoteHead(p), "the person's commit is the branch's head still");
    }

    @Test
    void hostilePushesAreIgnoredWithTheirReason() {
        Published p = published().get("forged");
        String before = head(p);
        assertIgnored(payload(p, before, "a".repeat(40)).put("ref", "refs/tags/v9"), "push of tag v9: only branches are bases");
        assertIgnored(payload(p, before, "a".repeat(40)).put("ref", "refs/notes/commits"), "push of refs/notes/commits, which is not a branch");
        assertIgnored(payload(p, before, "0".repeat(40)).put("deleted", true), "branch " + p.base() + " was deleted; its pull requests are GitHub's to close");
        ObjectNode huge = payload(p, before, "a".repeat(40));
        ArrayNode commits = huge.putArray("commits");
        for (int i = 0; i < 2049; i++) {
            commits.addObject().put("id", "a".repeat(40)).put("message", "x");
        }
        assertIgnored(huge, "push of " + p.base() + " lists 2049 commits; GitHub sends at most 2048");
        ObjectNode outside = payload(p, before, "a".repeat(40));
        ((ObjectNode) outside.get("repository")).put("full_name", "../../etc");
        assertIgnored(outside, "push names no valid repository (full_name '../../etc')");

        // Well-formed but forged: a commit the repository does not have, and a repository patchlane does not publish to.
        Response unknownCommit = Deliveries.send("push", "forged-1", payload(p, before, "b".repeat(40)));
        assertEquals(202, unknownCommit.statusCode(), unknownCommit.asString());
        ScanReport report = reportOf("forged-1");
        assertTrue(report.notes().get(0).contains("is not in the job's repository"), report.notes().toString());
        ObjectNode elsewhere = payload(p, before, "c".repeat(40));
        ((ObjectNode) elsewhere.get("repository")).put("full_name", "mallory/service");
        assertEquals(202, Deliveries.send("push", "forged-2", elsewhere).statusCode());
        assertTrue(reportOf("forged-2").notes().get(0).startsWith("cannot list the open pull requests"), reportOf("forged-2").notes().toString());
        settle();
        assertEquals(List.of(), reruns(p));
        assertEquals(p.commit(), remoteHead(p));
    }

    private void assertIgnored(ObjectNode payload, String reason) {
        Response response = Deliveries.send("push", Deliveries.newDeliveryId(), payload);
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals(reason, response.jsonPath().getString("ignored"));
    }

    // -- the published pull requests, one per scenario, made together

    private synchronized Map<String, Published> published() {
        if (published != null) {
            return published;
        }
        Path dir = github.dir();
        Map<String, String> ids = new LinkedHashMap<>();
        for (String name : SCENARIOS) {
            String base = "rb-" + name;
            Git.run(dir, "branch", base, "main");
            ids.put(name, Jobs.submit(new JobRequest(JobKind.LINT_FIX, dir.toString(), base, List.of(GitHubRepository.FILE),
                    "Fix the lint findings.", null, null, null, "base-move-" + name)));
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> Jobs.allTerminal(List.copyOf(ids.values())));
        Map<String, Published> all = new LinkedHashMap<>();
        for (String name : SCENARIOS) {
            String id = ids.get(name);
            JobStatus status = Jobs.status(id);
            assertEquals(JobState.PUBLISHED, status.state(), status.reason());
            String branch = JobIds.branchName(JobKind.LINT_FIX, id);
            int number = github.stub().pulls().stream().filter(q -> q.head().equals(branch)).findFirst().orElseThrow().number();
            Path worktree = TestPipeline.dataDir().resolve("worktree-" + name);
            Git.run(dir, "worktree", "add", "-q", worktree.toString(), "rb-" + name);
            all.put(name, new Published(id, "rb-" + name, branch, status.publication().commit(), number, worktree));
        }
        published = all;
        return all;
    }

    // -- the base's commits and pushes

    private static String head(Published p) {
        return Git.run(p.worktree(), "rev-parse", "HEAD").strip();
    }

    private static String commit(Published p, String from, String to, String message) {
        try {
            Path file = p.worktree().resolve(GitHubRepository.FILE);
            String text = Files.readString(file);
            assertTrue(text.contains(from), text);
            Files.writeString(file, text.replace(from, to));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Git.run(p.worktree(), "commit", "-q", "-am", message);
        return head(p);
    }

    private static String commitFile(Published p, String path, String text) {
        try {
            Path file = p.worktree().resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Git.run(p.worktree(), "add", path);
        Git.run(p.worktree(), "commit", "-q", "-m", "add " + path);
        return head(p);
    }

    private static Response push(Published p, String delivery, String before, String after) {
        return Deliveries.send("push", delivery, payload(p, before, after));
    }

    /** GitHub's push payload (the documented fields, fixture push.json) for {@code acme/service}. */
    private static ObjectNode payload(Published p, String before, String after) {
        ObjectNode push = Deliveries.fixture("push");
        push.put("ref", "refs/heads/" + p.base()).put("before", before).put("after", after);
        push.put("compare", "https://github.com/" + GitHubRepository.FULL_NAME + "/compare/" + before.substring(0, 12) + "..." + after.substring(0, 12));
        ((ObjectNode) push.get("head_commit")).put("id", after);
        ((ObjectNode) push.get("commits").get(0)).put("id", after);
        ObjectNode repository = (ObjectNode) push.get("repository");
        repository.put("full_name", GitHubRepository.FULL_NAME).put("name", "service")
                .put("clone_url", "https://github.com/" + GitHubRepository.FULL_NAME + ".git");
        return push;
    }

    // -- what came of it

    private ScanReport reportOf(String delivery) {
        await().atMost(Duration.ofSeconds(30)).until(() -> watcher.reports().stream().anyMatch(r -> r.deliveryId().equals(delivery)));
        return watcher.reports().stream().filter(r -> r.deliveryId().equals(delivery)).reduce((a, b) -> b).orElseThrow();
    }

    /** Past the interval and a tick, so that a second scan, had there been one, has run. */
    private static void settle() {
        try {
            Thread.sleep(2_600);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> reruns(Published p) {
        return statuses.matching(s -> s.source() != null && Rebases.SOURCE_TYPE.equals(s.source().type()) && p.jobId().equals(s.source().name()))
                .stream().map(JobStatus::jobId).sorted().toList();
    }

    private static String rerunId(Published p, String after) {
        return JobIds.fromIdempotencyKey(Rebases.idempotencyKey(p.jobId(), after));
    }

    private boolean terminal(String id) {
        JobStatus status = Jobs.status(id);
        return status != null && status.isTerminal();
    }

    private String remoteHead(Published p) {
        return Git.run(github.remote(), "rev-parse", p.branch()).strip();
    }

    private boolean contains(String head, String commit) {
        try {
            Git.run(github.remote(), "merge-base", "--is-ancestor", commit, head);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private GitHubStub.Pull pullOf(Published p) {
        return github.stub().pulls().stream().filter(q -> q.number() == p.pull()).findFirst().orElseThrow();
    }

    private static PublicationTarget githubTarget(JobStatus status) {
        Optional<PublicationTarget> target = status.publication().targets().stream().filter(t -> t.publisher().equals("github")).findFirst();
        return target.orElseThrow(() -> new AssertionError("no github target: " + status.publication()));
    }
}
