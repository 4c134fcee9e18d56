package dev.patchlane.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.contracts.SchemaValidator;
import dev.patchlane.contracts.Verification;
import dev.patchlane.sink.OutcomePublisher.Decision;
import dev.patchlane.sink.github.GitHubStub;
import dev.patchlane.sink.github.Sleeper;
import dev.patchlane.sink.prepare.PatchPreparer;
import dev.patchlane.sink.prepare.PreparedResult;
import dev.patchlane.sink.publish.GitHubCommentPublisher;
import dev.patchlane.sink.publish.Publishers;
import dev.patchlane.sink.publish.ResultFilePublisher;
import dev.patchlane.sink.publish.ResultPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A structured-output job's document is published as a result, not a diff: a {@code <job-id>.json} file holding
 * exactly the document, and for a GitHub issue or pull request one marked comment, however often and however
 * concurrently the outcome is delivered. Real files, the real config mapping, the local GitHub stub.
 */
class ResultPublicationTest {

    private static final String REPOSITORY = "acme/service";
    private static final String CLONE_URL = "https://github.com/acme/service.git";
    private static final String TOKEN = "ghs_resultPublicationTestToken000000000";
    private static final String TOKEN_ENV = "PL_RESULT_TEST_TOKEN";

    @TempDir
    Path tmp;

    private GitHubStub github;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() {
        github = GitHubStub.start().repository(REPOSITORY, "main").acceptToken(TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        github.close();
    }

    /** One sink process: its own publishers, GitHub client and mirror cache; the patch directory and GitHub are shared. */
    private OutcomePublisher process() {
        Publishers publishers = new Publishers(SinkFixtures.config(Map.of(
                "patchlane.publish.sources.github.targets", "github",
                "patchlane.publish.github.api-url", github.url().toString(),
                "patchlane.publish.github.token-env", TOKEN_ENV,
                "patchlane.publish.github.rate-limits.mutation-spacing", "PT0.01S")),
                tmp.resolve("patches"), Sleeper.real(), name -> name.equals(TOKEN_ENV) ? TOKEN : null);
        closing.add(publishers);
        RepositoryCache cache = new RepositoryCache(tmp.resolve("cache-" + closing.size()), Duration.ofMinutes(5));
        closing.add(cache);
        return new OutcomePublisher(new PatchPreparer(cache), publishers, repository -> SafetyPolicy.defaults());
    }

    private static JsonNode document() throws Exception {
        return new ObjectMapper().readTree("""
                {"title": "Flaky read in IoTest", "severity": 2, "confirmed": true, "owner": null,
                 "files": ["src/Io.java", "test/IoTest.java"], "notes": "contains ```` fences and <!-- comments --> and ünïcode",
                 "nested": {"empty": [], "zero": 0.5}}""");
    }

    private static Outcome fromCiBot(JsonNode document) {
        return SinkFixtures.result("/srv/checkouts/service", new JobSource("ci-bot", "lint-bot", "https://ci.example.com/run/7"), document,
                Verification.notVerified("bwrap", "no checks declared"));
    }

    private Outcome fromIssue(int number, JsonNode document) {
        return SinkFixtures.result(CLONE_URL, new JobSource("github", "octocat",
                "https://github.com/" + REPOSITORY + "/issues/" + number + "#issuecomment-4242"), document, null);
    }

    private long commentPosts(int number) {
        return github.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/repos/" + REPOSITORY + "/issues/" + number + "/comments")).count();
    }

    private List<GitHubStub.Comment> marked(Outcome outcome) {
        return github.comments().stream().filter(c -> c.body().contains("<!-- patchlane:job:" + outcome.job().id() + " -->")).toList();
    }

    private static <T> List<T> atOnce(List<Callable<T>> tasks) throws Exception {
        CyclicBarrier together = new CyclicBarrier(tasks.size());
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    together.await();
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aResultIsPublishedAsItsDocumentInAJsonFileWithoutAPatch() throws Exception {
        Outcome outcome = fromCiBot(document());

        Decision decision = process().publish(outcome).orElseThrow();

        assertEquals(JobState.PUBLISHED, decision.state(), decision.reason());
        Publication publication = decision.publication();
        Path file = tmp.resolve("patches").resolve(outcome.job().id() + ".json").toAbsolutePath();
        assertEquals(file.toString(), publication.resultFile());
        assertEquals(document(), new ObjectMapper().readTree(Files.readString(file)), "the file is exactly the document");
        assertTrue(Files.readString(file).contains("\"owner\" : null"), "nulls are kept, as the document has them");
        assertEquals(document(), publication.document());
        assertNull(publication.branch());
        assertNull(publication.commit());
        assertNull(publication.patchFile());
        assertFalse(publication.isRejected());
        assertEquals(outcome.verification(), publication.verification());
        assertEquals(List.of(new PublicationTarget(ResultFilePublisher.NAME, PublishEffect.CREATED, file.toString(), null, null)),
                publication.targets(), "a job without github targets gets the result file only");
        assertFalse(Files.exists(tmp.resolve("patches").resolve(outcome.job().id() + ".patch")), "no patch file");
        assertEquals(List.of(), SchemaValidator.instance().violations(ContractSchema.PUBLICATION, Json.tree(publication)));
    }

    @Test
    void threeConcurrentDeliveriesWriteTheResultFileOnce() throws Exception {
        Outcome outcome = fromCiBot(document());
        List<OutcomePublisher> processes = List.of(process(), process(), process());
        List<Callable<Decision>> deliveries = new ArrayList<>();
        for (OutcomePublisher process : processes) {
            deliveries.add(() -> process.publish(outcome).orElseThrow());
        }

        List<Decision> decisions = atOnce(deliveries);

        List<PublishEffect> effects = decisions.stream().map(d -> d.publication().targets().get(0).effect()).sorted().toList();
        assertEquals(List.of(PublishEffect.CREATED, PublishEffect.ALREADY_PUBLISHED, PublishEffect.ALREADY_PUBLISHED), effects);
        assertTrue(decisions.stream().allMatch(d -> d.state() == JobState.PUBLISHED));
        try (Stream<Path> files = Files.list(tmp.resolve("patches"))) {
            assertEquals(List.of(outcome.job().id() + ".json"), files.map(p -> p.getFileName().toString()).toList(), "one file, no temp files");
        }
        assertEquals(document(), new ObjectMapper().readTree(Files.readString(tmp.resolve("patches").resolve(outcome.job().id() + ".json"))));
    }

    @Test
    void theResultFileWriterAloneCreatesOnceUnderARace() throws Exception {
        PreparedResult result = PreparedResult.of(fromCiBot(document()));
        List<Callable<PublicationTarget>> writers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ResultPublisher writer = new ResultFilePublisher(tmp.resolve("race"));
            writers.add(() -> writer.publish(result));
        }
        List<PublicationTarget> targets = atOnce(writers);
        assertEquals(1, targets.stream().filter(t -> t.effect() == PublishEffect.CREATED).count(), targets.toString());
        assertEquals(2, targets.stream().filter(t -> t.effect() == PublishEffect.ALREADY_PUBLISHED).count(), targets.toString());
        assertEquals(result.text(), Files.readString(Path.of(targets.get(0).location())));
    }

    @Test
    void aGitHubResultIsOneMarkedCommentOnItsIssueAfterThreeDeliveries() throws Exception {
        int issue = github.addIssue(REPOSITORY, "IoTest is flaky");
        github.addComment(REPOSITORY, issue, "octocat", "/patchlane summarise");
        Outcome outcome = fromIssue(issue, document());
        OutcomePublisher sink = process();
        List<Callable<Decision>> deliveries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            deliveries.add(() -> sink.publish(outcome).orElseThrow());
        }

        List<Decision> decisions = atOnce(deliveries);

        assertEquals(1, commentPosts(issue), "one comment posted for three deliveries");
        List<GitHubStub.Comment> marked = marked(outcome);
        assertEquals(1, marked.size(), github.comments().toString());
        assertEquals(1, github.requests().stream().filter(r -> r.path().equals("/user")).count(), "who the bot is, asked once");
        GitHubStub.Comment comment = marked.get(0);
        assertEquals(issue, comment.issue());
        assertEquals(GitHubStub.BOT, comment.user());
        assertTrue(comment.body().startsWith("<!-- patchlane:job:" + outcome.job().id() + " -->\n"), comment.body());
        assertTrue(comment.body().contains("````json\n" + PreparedResult.of(outcome).text()), "the document, whole, in a json fence:\n" + comment.body());
        assertTrue(comment.body().contains("Not verified"), comment.body());
        for (Decision decision : decisions) {
            List<PublicationTarget> targets = decision.publication().targets();
            assertEquals(List.of(ResultFilePublisher.NAME, GitHubCommentPublisher.NAME), targets.stream().map(PublicationTarget::publisher).toList(),
                    "github targets mean the result file and a comment");
            assertTrue(targets.get(1).location().endsWith("/" + REPOSITORY + "/issues/" + issue + "#issuecomment-" + comment.id()), targets.toString());
        }
        assertEquals(List.of(PublishEffect.CREATED, PublishEffect.ALREADY_PUBLISHED, PublishEffect.ALREADY_PUBLISHED),
                decisions.stream().map(d -> d.publication().targets().get(1).effect()).sorted().toList());

        Decision later = process().publish(outcome).orElseThrow();
        assertEquals(PublishEffect.ALREADY_PUBLISHED, later.publication().targets().get(1).effect(), "a redelivery to a restarted sink");
        assertEquals(1, commentPosts(issue));
        assertEquals(1, marked(outcome).size());
    }

    @Test
    void deliveriesFromThreeProcessesAtOnceLeaveOneComment() throws Exception {
        int issue = github.addIssue(REPOSITORY, "IoTest is flaky");
        Outcome outcome = fromIssue(issue, document());
        List<Callable<Decision>> deliveries = new ArrayList<>();
        for (OutcomePublisher process : List.of(process(), process(), process())) {
            deliveries.add(() -> process.publish(outcome).orElseThrow());
        }

        List<Decision> decisions = atOnce(deliveries);

        List<GitHubStub.Comment> marked = marked(outcome);
        assertEquals(1, marked.size(), "lookups raced, but a later duplicate deletes itself: " + github.comments());
        long deletes = github.requests().stream().filter(r -> r.method().equals("DELETE")).count();
        assertEquals(commentPosts(issue) - 1, deletes, "every duplicate posted was deleted");
        assertEquals(1, decisions.stream().filter(d -> d.publication().targets().get(1).effect() == PublishEffect.CREATED).count());
        for (Decision decision : decisions) {
            assertTrue(decision.publication().targets().get(1).location().endsWith("#issuecomment-" + marked.get(0).id()), decision.toString());
        }
    }

    @Test
    void aMarkerSomeoneElsePastedDoesNotCountAsPublished() throws Exception {
        int issue = github.addIssue(REPOSITORY, "IoTest is flaky");
        Outcome outcome = fromIssue(issue, document());
        long forged = github.addComment(REPOSITORY, issue, "mallory", "<!-- patchlane:job:" + outcome.job().id() + " -->\n{\"fake\": true}");

        PublicationTarget comment = process().publish(outcome).orElseThrow().publication().targets().get(1);

        assertEquals(PublishEffect.CREATED, comment.effect(), "the forged comment is not the bot's");
        assertFalse(comment.location().endsWith("#issuecomment-" + forged), comment.location());
        assertEquals(PublishEffect.ALREADY_PUBLISHED, process().publish(outcome).orElseThrow().publication().targets().get(1).effect());
        assertEquals(1, commentPosts(issue));
        assertEquals(List.of("mallory", GitHubStub.BOT), marked(outcome).stream().map(GitHubStub.Comment::user).sorted().toList());
    }

    @Test
    void theMarkerIsFoundOnALaterPageOfComments() throws Exception {
        int issue = github.addIssue(REPOSITORY, "a busy issue");
        for (int i = 0; i < 35; i++) {
            github.addComment(REPOSITORY, issue, "someone", "me too " + i);
        }
        Outcome outcome = fromIssue(issue, document());
        assertEquals(PublishEffect.CREATED, process().publish(outcome).orElseThrow().publication().targets().get(1).effect());
        for (int i = 0; i < 40; i++) {
            github.addComment(REPOSITORY, issue, "someone", "still broken " + i);
        }

        Decision again = process().publish(outcome).orElseThrow();

        assertEquals(PublishEffect.ALREADY_PUBLISHED, again.publication().targets().get(1).effect());
        assertEquals(1, commentPosts(issue));
        assertTrue(github.requests().stream().anyMatch(r -> r.path().endsWith("/issues/" + issue + "/comments") && r.query() != null
                && r.query().contains("page=3")), "the lookup read every page");
    }

    @Test
    void aCommentGoesOnAPullRequestToo() throws Exception {
        int pull = github.addPull(REPOSITORY, "feature", "main", "Add IO retries");
        Outcome outcome = SinkFixtures.result(CLONE_URL, new JobSource("github", "octocat", "https://github.com/" + REPOSITORY + "/pull/" + pull),
                document(), null);

        PublicationTarget comment = process().publish(outcome).orElseThrow().publication().targets().get(1);

        assertEquals(PublishEffect.CREATED, comment.effect());
        assertTrue(comment.location().contains("/pull/" + pull + "#issuecomment-"), comment.location());
    }

    @Test
    void noCommentWhereTheJobNamesNoIssueOfItsOwnRepository() throws Exception {
        github.repository("mallory/elsewhere", "main");
        int foreign = github.addIssue("mallory/elsewhere", "bait");
        List<JobSource> sources = List.of(new JobSource("github", "ci", "https://github.com/" + REPOSITORY + "/runs/77"),
                new JobSource("github", "octocat", "https://github.com/mallory/elsewhere/issues/" + foreign),
                new JobSource("github", "octocat", "https://github.example.com/" + REPOSITORY + "/issues/" + foreign),
                new JobSource("github", "octocat", null));
        for (JobSource source : sources) {
            Decision decision = process().publish(SinkFixtures.result(CLONE_URL, source, document(), null)).orElseThrow();
            PublicationTarget comment = decision.publication().targets().get(1);
            assertEquals(PublishEffect.LEFT_ALONE, comment.effect(), source.toString());
            assertTrue(comment.detail().contains("no GitHub issue or pull request of " + REPOSITORY), comment.detail());
            assertEquals(PublishEffect.CREATED, decision.publication().targets().get(0).effect(), "the result file is still written");
        }
        assertTrue(github.requests().stream().noneMatch(GitHubStub.Request::mutating), "nothing posted anywhere");
    }

    @Test
    void anOversizedDocumentIsRejectedAndNothingIsWritten() throws Exception {
        ObjectNode big = new ObjectMapper().createObjectNode();
        ArrayNode lines = big.putArray("lines");
        for (int i = 0; i < 11_000; i++) {
            lines.add("line " + i + " " + "x".repeat(90));
        }
        int issue = github.addIssue(REPOSITORY, "huge");
        Outcome outcome = fromIssue(issue, big);

        Decision decision = process().publish(outcome).orElseThrow();

        assertEquals(JobState.REJECTED, decision.state());
        assertTrue(decision.reason().contains("over the limit of " + PreparedResult.MAX_DOCUMENT_BYTES), decision.reason());
        assertTrue(decision.publication().isRejected());
        assertTrue(decision.publication().targets().isEmpty());
        assertFalse(Files.exists(tmp.resolve("patches").resolve(outcome.job().id() + ".json")));
        assertTrue(github.requests().isEmpty(), "GitHub was not called");
        assertEquals(List.of(), SchemaValidator.instance().violations(ContractSchema.PUBLICATION, Json.tree(decision.publication())));
    }

    @Test
    void aDocumentThatIsNotAnObjectOrArrayIsRejected() throws Exception {
        for (JsonNode document : List.of(new ObjectMapper().readTree("\"just text\""), new ObjectMapper().readTree("42"))) {
            Decision decision = process().publish(fromCiBot(document)).orElseThrow();
            assertEquals(JobState.REJECTED, decision.state());
            assertTrue(decision.reason().contains("not an object or an array"), decision.reason());
        }
        Decision missing = process().publish(fromCiBot(null)).orElseThrow();
        assertEquals(JobState.REJECTED, missing.state());
        assertTrue(missing.reason().contains("no document"), missing.reason());
    }
}
