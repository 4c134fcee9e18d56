package dev.patchlane.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** POST /jobs over a real socket: bad input gets a clear error and writes nothing; a repeated key is one job. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class IngestTest {

    private static String repository() {
        return TestPipeline.prepared().plan().repository().toString();
    }

    private static long submittedRecords() {
        return TopicReader.appended(EmbeddedKafkaResource.bootstrapServers(), Topics.SUBMITTED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON                 | {\"kind\": LINT_FIX,                                                                      | malformed JSON",
        "a JSON array             | [1, 2]                                                                                   | must be a JSON object",
        "an unknown kind          | {\"kind\":\"REWRITE_IT_ALL\",\"repository\":\"/r\",\"targetPaths\":[\"a\"],\"instructions\":\"x\"} | $.kind",
        "a missing field          | {\"kind\":\"LINT_FIX\",\"targetPaths\":[\"a\"],\"instructions\":\"x\"}                   | repository",
        "no target paths          | {\"kind\":\"LINT_FIX\",\"repository\":\"/r\",\"targetPaths\":[],\"instructions\":\"x\"}   | $.targetPaths",
        "a path out of the repo   | {\"kind\":\"LINT_FIX\",\"repository\":\"/r\",\"targetPaths\":[\"../../etc/passwd\"],\"instructions\":\"x\"} | $.targetPaths[0]",
        "a path into .git         | {\"kind\":\"LINT_FIX\",\"repository\":\"/r\",\"targetPaths\":[\".git/config\"],\"instructions\":\"x\"} | $.targetPaths[0]",
        "an unknown field         | {\"kind\":\"LINT_FIX\",\"repository\":\"/r\",\"targetPaths\":[\"a\"],\"instructions\":\"x\",\"priority\":9} | priority",
        "a wrong type             | {\"kind\":\"LINT_FIX\",\"repository\":\"/r\",\"targetPaths\":\"a\",\"instructions\":\"x\"} | $.targetPaths",
    })
    void badInputIsRefusedWithTheFieldNamedAndNothingWritten(String name, String body, String mentioned) {
        long before = submittedRecords();
        Response response = Jobs.post(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.statusCode(), response.asString());
        assertTrue(response.asString().contains(mentioned), name + " -> " + response.asString());
        assertEquals(before, submittedRecords(), "nothing written for " + name);
    }

    @Test
    void anOversizedBodyIsRefusedWith413AndNothingWritten() {
        long before = submittedRecords();
        String instructions = "x".repeat(2 * 1024 * 1024);
        Response response = Jobs.post(new JobRequest(JobKind.LINT_FIX, repository(), "main", List.of("README.md"), instructions, null, null,
                null, "oversized"));
        assertEquals(413, response.statusCode(), response.asString());
        assertEquals(before, submittedRecords());
    }

    @Test
    void theSameIdempotencyKeyIsOneJobEvenWhenSentConcurrently() throws Exception {
        JobRequest request = new JobRequest(JobKind.LINT_FIX, repository(), "main", List.of("README.md"), "Fix the lint findings.", null,
                null, new JobSource("ci-bot", "test", null), "ingest-dedup-key");
        long before = submittedRecords();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Response>> responses = pool.invokeAll(List.of(() -> Jobs.post(request), () -> Jobs.post(request),
                    () -> Jobs.post(request), () -> Jobs.post(request)));
            List<String> ids = responses.stream().map(f -> {
                try {
                    return f.get().jsonPath().getString("id");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).distinct().toList();
            assertEquals(1, ids.size(), "one id for one key");
            long accepted = responses.stream().filter(f -> {
                try {
                    return f.get().statusCode() == 202;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).count();
            assertEquals(1, accepted, "exactly one 202; the others are 200 duplicates");
        } finally {
            pool.shutdown();
        }
        assertEquals(before + 1, submittedRecords(), "one record on the submitted topic");
        Response again = Jobs.post(request);
        assertEquals(200, again.statusCode());
        assertTrue(again.jsonPath().getBoolean("duplicate"));
    }

    @Test
    void statusQueriesAnswerClearly() {
        assertEquals(404, Jobs.as(Tokens.ACME).get("/jobs/no-such-job").statusCode());
        Response badState = Jobs.as(Tokens.ACME).queryParam("state", "HALF_DONE").get("/jobs");
        assertEquals(400, badState.statusCode());
        assertTrue(badState.asString().contains("PUBLISHED"));
        String id = Jobs.submit(new JobRequest(JobKind.LINT_FIX, repository(), "main", List.of("README.md"), "Fix the lint findings.", null,
                null, null, "status-query-key"));
        org.awaitility.Awaitility.await().until(() -> Jobs.status(id) != null);
        assertFalse(Jobs.status(id).history().isEmpty());
        assertEquals("SUBMITTED", Jobs.status(id).history().get(0).state().name());
    }
}
