package dev.patchlane.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.Budget;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Topics;
import dev.patchlane.contracts.Transition;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Budgets users set, on the whole pipeline with the embedded broker and the emulated lanes: refused, enforced, shown. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class BudgetTest {

    private static JobRequest demoJob(JobKind kind, Lane hint, String key, Budget budget, Lane forced) {
        JobRequest j = TestPipeline.prepared().plan().jobs().stream().filter(r -> r.kind() == kind && r.laneHint() == hint
                && r.outputSchema() == null && r.targetPaths().size() == 1).findFirst().orElseThrow();
        return new JobRequest(j.kind(), j.repository(), j.baseRef(), j.targetPaths(), j.instructions(), null, forced != null ? forced : j.laneHint(),
                j.source(), key, budget);
    }

    private static JobStatus awaitEnd(String id) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> Jobs.status(id) != null && Jobs.status(id).isTerminal());
        return Jobs.status(id);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "negative tokens          | {\"maxTokens\":-1}                        | $.budget.maxTokens",
        "zero tokens              | {\"maxTokens\":0}                         | $.budget.maxTokens",
        "fractional tokens        | {\"maxTokens\":10.5}                      | $.budget.maxTokens",
        "tokens as a string       | {\"maxTokens\":\"1000\"}                  | $.budget.maxTokens",
        "an enormous integer      | {\"maxTokens\":123456789012345678901234567890} | $.budget.maxTokens",
        "zero cost                | {\"maxCostUsd\":0}                        | $.budget.maxCostUsd",
        "negative cost            | {\"maxCostUsd\":-0.5}                     | $.budget.maxCostUsd",
        "an infinite cost         | {\"maxCostUsd\":1e999}                    | $.budget.maxCostUsd",
        "NaN as a string          | {\"maxCostUsd\":\"NaN\"}                  | $.budget.maxCostUsd",
        "NaN as a bare token      | {\"maxCostUsd\":NaN}                      | malformed JSON",
        "turns as a boolean       | {\"maxDeepTurns\":true}                   | $.budget.maxDeepTurns",
        "an unknown limit         | {\"maxTurns\":3}                          | maxTurns",
        "an empty budget          | {}                                        | $.budget",
        "a budget that is a list  | [1000]                                    | $.budget",
        "over the configured max  | {\"maxTokens\":100000001}                 | budget.maxTokens: 100,000,001 is more than the configured maximum of 100,000,000",
        "cost over the max        | {\"maxCostUsd\":1000.01}                  | budget.maxCostUsd: 1000.01 is more than the configured maximum",
        "turns over the max       | {\"maxDeepTurns\":201}                    | budget.maxDeepTurns: 201 is more than the configured maximum of 200",
    })
    void malformedHostileAndAbsurdBudgetsAreRefusedWith400AndNothingWritten(String name, String budget, String mentioned) {
        String repository = TestPipeline.prepared().plan().repository().toString();
        String key = "budget-bad-" + name.replace(' ', '-');
        String body = "{\"kind\":\"LINT_FIX\",\"repository\":\"" + repository + "\",\"targetPaths\":[\"README.md\"],\"instructions\":\"x\","
                + "\"idempotencyKey\":\"" + key + "\",\"budget\":" + budget + "}";
        Response response = Jobs.post(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.statusCode(), name + " -> " + response.asString());
        assertTrue(response.asString().contains(mentioned), name + " -> " + response.asString());
        // Ingest writes a job's record only after its SUBMITTED status: no status means nothing was written.
        assertEquals(404, Jobs.as(Tokens.ACME).get("/jobs/" + JobIds.fromIdempotencyKey(key)).statusCode(), "nothing written for " + name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a total over the maximum     | 'budget: {maxTokens: 1000}\ntotalBudget: {maxCostUsd: 5000}' | totalBudget.maxCostUsd: 5000.0 is more than the configured maximum",
        "turns in the total           | 'totalBudget: {maxDeepTurns: 3}'                             | $.totalBudget",
        "a negative per-job budget    | 'budget: {maxTokens: -3}'                                    | $.budget.maxTokens",
        "a budget that is a string    | 'budget: lots'                                               | $.budget",
    })
    void aManifestWithABadBudgetIsRefusedWith400(String name, String budget, String mentioned) {
        String manifest = "name: bad budget\ninstructions: x\nrepositories: [{url: " + TestPipeline.prepared().plan().repository() + "}]\n"
                + budget.replace("\\n", "\n") + "\n";
        long before = TopicReader.appended(EmbeddedKafkaResource.bootstrapServers(), Topics.MIGRATIONS);
        Response response = Jobs.as(Tokens.ACME).contentType("application/yaml").body(manifest.getBytes(StandardCharsets.UTF_8)).post("/migrations");
        assertEquals(400, response.statusCode(), name + " -> " + response.asString());
        assertTrue(response.asString().contains(mentioned), name + " -> " + response.asString());
        assertEquals(before, TopicReader.appended(EmbeddedKafkaResource.bootstrapServers(), Topics.MIGRATIONS), "nothing written for " + name);
    }

    @Test
    void aFastJobWithATinyTokenBudgetEndsFailedWithTheLimitNamedAndIsNotEscalated() {
        String id = Jobs.submit(demoJob(JobKind.LINT_FIX, null, "budget-tiny-fast", new Budget(40L, null, null), null));
        JobStatus status = awaitEnd(id);
        long submitted = TopicReader.appended(EmbeddedKafkaResource.bootstrapServers(), Topics.SUBMITTED);

        assertEquals(JobState.FAILED, status.state(), status.toString());
        assertTrue(status.reason().matches("over budget: the next prompt needs [0-9,]+ tokens and 40 of the job's 40 are left \\(max tokens\\)"),
                status.reason());
        assertEquals(Lane.FAST, status.lane());
        assertTrue(status.history().stream().noneMatch(t -> t.state() == JobState.ESCALATED), "over budget is not escalated: " + status.history());
        assertEquals(new Budget(40L, null, null), status.budget(), "GET /jobs/{id} shows the budget");
        assertEquals(0, status.usage().promptTokens() + status.usage().completionTokens(), "no decode was paid for");

        // The same key with another budget is the same job: answered as a duplicate, its budget unchanged.
        Response again = Jobs.post(demoJob(JobKind.LINT_FIX, null, "budget-tiny-fast", new Budget(1_000_000L, 5.0, 10), null));
        assertEquals(200, again.statusCode(), again.asString());
        assertTrue(again.jsonPath().getBoolean("duplicate"));
        assertEquals(id, again.jsonPath().getString("id"));
        assertEquals(new Budget(40L, null, null), Jobs.status(id).budget());
        assertEquals(submitted, TopicReader.appended(EmbeddedKafkaResource.bootstrapServers(), Topics.SUBMITTED), "the duplicate wrote nothing");
    }

    @Test
    void aDeepJobEndsFailedAtItsTurnBudget() {
        // The emulated deep model fixes lint in five turns (read, check, edit, check, finish); this job allows two.
        String id = Jobs.submit(demoJob(JobKind.LINT_FIX, null, "budget-deep-turns", new Budget(null, null, 2), Lane.DEEP));
        JobStatus status = awaitEnd(id);

        assertEquals(JobState.FAILED, status.state(), status.toString());
        assertEquals(Lane.DEEP, status.lane());
        assertTrue(status.reason().startsWith("over budget: 2 deep turns of 2 (max deep turns)"), status.reason());
        assertNotNull(status.agent());
        assertEquals(2, status.agent().turns());
        assertEquals(2, status.agent().maxTurns());
        assertTrue(status.usage().promptTokens() > 0, "the two turns were spent");
    }

    @Test
    void anEscalationIsNotStartedWhenTheBudgetLeftCannotPayForADeepAttempt() {
        // A bug only the deep model solves: the fast attempt fails, and the 4,000 tokens the deep lane needs are not left.
        String id = Jobs.submit(demoJob(JobKind.ISSUE, Lane.FAST, "budget-no-escalation", new Budget(3_500L, null, null), null));
        JobStatus status = awaitEnd(id);

        assertEquals(JobState.FAILED, status.state(), status.toString());
        assertTrue(status.reason().startsWith("over budget: a deep attempt needs about"), status.reason());
        assertTrue(status.reason().contains("(max tokens); not escalated after the fast lane failed"), status.reason());
        assertTrue(status.history().stream().anyMatch(t -> t.state() == JobState.ESCALATED), status.history().toString());
        assertTrue(status.history().stream().noneMatch(t -> t.state() == JobState.ROUTED && t.lane() == Lane.DEEP), "no deep attempt");
    }

    @Test
    void aMigrationsTotalBudgetStopsItsFanOutAndCancelsItsJobsNotYetStarted() throws Exception {
        Path repo = TestPipeline.dataDir().resolve("budget-migration");
        for (int i = 0; i < 4; i++) {
            Path file = repo.resolve("config/settings" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "timeout = legacyTimeout\n");
        }
        Git.run(repo, "init", "-q", "-b", "main");
        Git.run(repo, "add", ".");
        Git.run(repo, "commit", "-q", "-m", "settings");
        // One job at a time; the first job alone spends more than the whole migration's token budget.
        String manifest = "id: budget-total\nname: rename under a budget\ninstructions: 'rewrite: legacyTimeout -> requestTimeout'\n"
                + "repositories:\n  - url: " + repo + "\n    ref: main\ninclude: ['**/*.txt']\nmaxInFlight: 1\n"
                + "budget: {maxTokens: 200000, maxDeepTurns: 4}\ntotalBudget: {maxTokens: 100}\n";
        Response accepted = Jobs.as(Tokens.ACME).contentType("application/yaml").body(manifest.getBytes(StandardCharsets.UTF_8)).post("/migrations");
        assertEquals(202, accepted.statusCode(), accepted.asString());

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "CANCELLED".equals(Jobs.as(Tokens.ACME).get("/migrations/budget-total").jsonPath().getString("fanOut.phase")));
        Response progress = Jobs.as(Tokens.ACME).get("/migrations/budget-total");
        assertEquals(1, progress.jsonPath().getInt("jobs"), "no job after the one that spent the total: " + progress.asString());
        assertTrue(progress.jsonPath().getString("fanOut.problem").startsWith("stopped submitting: its migration budget-total is over its total"
                + " budget: "), progress.asString());
        assertTrue(progress.jsonPath().getString("fanOut.problem").endsWith(" tokens of 100 (max tokens)"), progress.asString());
        assertTrue(progress.jsonPath().getLong("budget.spentTokens") > 100, progress.asString());
        assertEquals(100, progress.jsonPath().getInt("budget.total.maxTokens"));
        assertNotNull(progress.jsonPath().getString("budget.exhausted"), progress.asString());
        JobStatus first = Jobs.as(Tokens.ACME).get("/jobs?limit=100000").then().statusCode(200).extract().jsonPath().getList(".", java.util.Map.class)
                .stream().map(m -> Json.mapper().convertValue(m, JobStatus.class))
                .filter(s -> s.source() != null && "budget-total".equals(s.source().reference())).findFirst().orElseThrow();
        assertEquals(new Budget(200_000L, null, 4), first.budget(), "each job carries the manifest's per-job budget");

        // A job of the migration already on its way (written before the total was reached) is not started.
        JobSource source = new JobSource("migration", "rename under a budget", "budget-total");
        Job queued = new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey("budget-total-queued"), JobKind.MIGRATION, repo.toString(), "main",
                List.of("config/settings3.txt"), "rewrite: legacyTimeout -> requestTimeout", null, null, source, "budget-total-queued",
                Instant.now(), "acme");
        TopicReader.write(EmbeddedKafkaResource.bootstrapServers(), Topics.SUBMITTED, queued.id(), Json.write(queued));
        JobStatus cancelled = awaitEnd(queued.id());
        assertEquals(JobState.CANCELLED, cancelled.state(), cancelled.toString());
        assertTrue(cancelled.reason().startsWith("its migration budget-total is over its total budget: "), cancelled.reason());
        assertTrue(cancelled.history().stream().map(Transition::state).noneMatch(s -> s == JobState.RUNNING));
    }
}
