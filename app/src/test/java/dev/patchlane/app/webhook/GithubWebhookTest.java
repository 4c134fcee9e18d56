package dev.patchlane.app.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.app.support.Deliveries;
import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.GithubApiStub;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.app.support.Widgets;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Topics;
import dev.patchlane.contracts.WebhookDelivery;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** POST /webhooks/github over a real socket, on a real broker, with GitHub-shaped payloads signed as GitHub signs them. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class GithubWebhookTest {

    private static long written() {
        return TopicReader.appended(EmbeddedKafkaResource.bootstrapServers(), Topics.WEBHOOKS, Topics.SUBMITTED);
    }

    private static List<Job> submittedJobs(String id) {
        return TopicReader.readAll(EmbeddedKafkaResource.bootstrapServers(), Topics.SUBMITTED).stream()
                .filter(r -> id.equals(r.key())).map(r -> Json.read(r.value(), Job.class)).toList();
    }

    private static JobStatus awaitTerminal(String id) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Optional.ofNullable(Jobs.status(id)).map(JobStatus::isTerminal).orElse(false));
        return Jobs.status(id);
    }

    private static String onlyJob(Response response) {
        List<String> jobs = response.jsonPath().getList("jobs");
        assertEquals(1, jobs.size(), response.asString());
        return jobs.get(0);
    }

    @Test
    void pingIsAnsweredAndWritesNothing() {
        long before = written();
        Response response = Deliveries.send("ping", Deliveries.newDeliveryId(), Deliveries.fixture("ping"));
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals(before, written());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no signature header       | NONE",
        "a SHA-1 signature only    | sha1=0a4d55a8d778e5022fab701977c5d840bbc486d0",
        "an upper-case prefix      | SHA256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "not hexadecimal           | sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "too short                 | sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
        "signed with another body  | sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    })
    void aDeliveryWithoutAValidSignatureGets401AndWritesNothing(String name, String signature) {
        long before = written();
        byte[] body = Json.write(Deliveries.fixture("issues-opened-labeled"));
        Response response = Deliveries.send("issues", Deliveries.newDeliveryId(), "application/json", body,
                "NONE".equals(signature) ? null : signature);
        assertEquals(401, response.statusCode(), name + ": " + response.asString());
        assertEquals(before, written(), name);
    }

    @Test
    void aDeliveryWithOnlyGithubsLegacySha1HeaderGets401() {
        byte[] body = Json.write(Deliveries.fixture("issues-opened-labeled"));
        long before = written();
        Response response = RestAssured.given().header("X-GitHub-Event", "issues").header("X-GitHub-Delivery", Deliveries.newDeliveryId())
                .header("X-Hub-Signature", "sha1=0a4d55a8d778e5022fab701977c5d840bbc486d0").contentType("application/json").body(body)
                .post("/webhooks/github");
        assertEquals(401, response.statusCode(), response.asString());
        assertEquals(before, written());
    }

    @Test
    void oneFlippedByteOfTheSignatureGets401() {
        byte[] body = Json.write(Deliveries.fixture("issues-opened-labeled"));
        char[] signature = Deliveries.sign(body).toCharArray();
        signature[20] = signature[20] == '0' ? '1' : '0';
        long before = written();
        Response response = Deliveries.send("issues", Deliveries.newDeliveryId(), "application/json", body, new String(signature));
        assertEquals(401, response.statusCode());
        assertEquals(before, written());
    }

    @Test
    void anUnsupportedContentTypeGets415() {
        byte[] body = Json.write(Deliveries.fixture("issues-opened-labeled"));
        long before = written();
        Response response = Deliveries.send("issues", Deliveries.newDeliveryId(), "text/plain", body, Deliveries.sign(body));
        assertEquals(415, response.statusCode(), response.asString());
        assertEquals(before, written());
    }

    @Test
    void aBodyOverGithubsCapIsRefusedBeforeItIsSent() throws Exception {
        long before = written();
        // Only the headers are sent: the refusal must come from the declared length, before any body is read.
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            String headers = "POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\nX-GitHub-Event: issues\r\n"
                    + "X-GitHub-Delivery: oversized\r\nX-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (25 * 1024 * 1024 + 1) + "\r\n\r\n";
            socket.getOutputStream().write(headers.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertEquals("HTTP/1.1 413 Request Entity Too Large", statusLine);
        }
        assertEquals(before, written());
    }

    @Test
    void malformedJsonWithAValidSignatureGets400() {
        byte[] body = Deliveries.utf8("{\"action\": \"opened\", ");
        Response response = Deliveries.send("issues", Deliveries.newDeliveryId(), "application/json", body, Deliveries.sign(body));
        assertEquals(400, response.statusCode(), response.asString());
        assertTrue(response.asString().contains("malformed JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"issues:issues-closed", "issues:issues-opened-unlabeled", "issue_comment:issue-comment-untrusted",
        "issue_comment:issue-comment-bot", "issue_comment:issue-comment-no-command", "check_run:check-run-completed-success",
        "star:issues-closed"})
    void eventsPatchlaneDoesNotActOnGet200WithAReasonAndWriteNothing(String eventAndFixture) {
        String[] parts = eventAndFixture.split(":");
        long before = written();
        Response response = Deliveries.send(parts[0], Deliveries.newDeliveryId(), Deliveries.fixture(parts[1]));
        assertEquals(200, response.statusCode(), response.asString());
        assertFalse(response.jsonPath().getString("ignored").isBlank(), response.asString());
        assertEquals(before, written(), eventAndFixture);
    }

    @Test
    void aLabelledIssueBecomesOneJobWithCleanedTextAcrossRedeliveriesAndRepeatedEvents() {
        ObjectNode payload = Deliveries.fixture("issues-opened-labeled");
        String delivery = Deliveries.newDeliveryId();
        Response first = Deliveries.send("issues", delivery, payload);
        assertEquals(202, first.statusCode(), first.asString());
        String id = onlyJob(first);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !submittedJobs(id).isEmpty());
        Job job = submittedJobs(id).get(0);
        assertEquals(JobKind.ISSUE, job.kind());
        assertEquals(Widgets.repository(null).dir().toString(), job.repository());
        assertTrue(job.targetPaths().contains(Widgets.WIDGET), job.targetPaths().toString());
        assertFalse(job.instructions().contains("<!--"), job.instructions());
        assertFalse(job.instructions().contains("\u200b") || job.instructions().contains("\u202e"), job.instructions());
        assertEquals("github", job.source().type());

        WebhookDelivery stored = TopicReader.readAll(EmbeddedKafkaResource.bootstrapServers(), Topics.WEBHOOKS).stream()
                .filter(r -> delivery.equals(r.key())).map(r -> Json.read(r.value(), WebhookDelivery.class)).findFirst().orElseThrow();
        assertTrue(stored.drafts().get(0).untrustedText().contains("<!--"), "the raw text is kept for audit");

        Response redelivered = Deliveries.send("issues", delivery, payload);
        assertEquals(200, redelivered.statusCode(), redelivered.asString());
        assertEquals(id, onlyJob(redelivered));
        Response labelled = Deliveries.send("issues", Deliveries.newDeliveryId(), Deliveries.fixture("issues-labeled"));
        assertEquals(id, onlyJob(labelled), "a new delivery describing the same issue is the same job");

        JobStatus status = awaitTerminal(id);
        assertNotNull(status.reason());
        assertEquals(1, submittedJobs(id).size(), "one job record for three deliveries");
    }

    @Test
    void aFormEncodedCommentCommandIsAJobOnTheNamedFile() {
        byte[] json = Json.write(Deliveries.fixture("issue-comment-fix"));
        byte[] form = Deliveries.utf8("payload=" + URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        Response response = Deliveries.send("issue_comment", Deliveries.newDeliveryId(), "application/x-www-form-urlencoded", form,
                Deliveries.sign(form));
        assertEquals(202, response.statusCode(), response.asString());
        String id = onlyJob(response);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !submittedJobs(id).isEmpty());
        assertEquals(List.of(Widgets.WIDGET), submittedJobs(id).get(0).targetPaths());
    }

    @Test
    void aLabelledPullRequestAsksForTestsOfTheFilesItChanges() {
        Widgets widgets = Widgets.repository(null);
        ObjectNode payload = Deliveries.fixture("pull-request-opened-labeled");
        ((ObjectNode) payload.path("pull_request").path("head")).put("sha", widgets.headSha());
        ((ObjectNode) payload.path("pull_request").path("base")).put("sha", widgets.baseSha());
        Response response = Deliveries.send("pull_request", Deliveries.newDeliveryId(), payload);
        assertEquals(202, response.statusCode(), response.asString());
        String id = onlyJob(response);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !submittedJobs(id).isEmpty());
        Job job = submittedJobs(id).get(0);
        assertEquals(JobKind.TEST_GENERATION, job.kind());
        assertEquals(List.of(Widgets.GADGET), job.targetPaths(), "the files the pull request adds or modifies");
        assertEquals(widgets.headSha(), job.baseRef());
        awaitTerminal(id);
    }

    @Test
    void aFailedCheckRunWithAnnotationsBecomesALintFixThatIsPublished() {
        Widgets widgets = Widgets.repository(null);
        ObjectNode payload = Deliveries.fixture("check-run-completed-failure");
        ObjectNode run = (ObjectNode) payload.path("check_run");
        run.put("head_sha", widgets.baseSha());
        ((ObjectNode) run.path("output")).put("annotations_url", GithubApiStub.instance().url() + GithubApiStub.ANNOTATIONS_PATH);
        int before = GithubApiStub.instance().requests();
        Response response = Deliveries.send("check_run", Deliveries.newDeliveryId(), payload);
        assertEquals(202, response.statusCode(), response.asString());
        String id = onlyJob(response);
        JobStatus status = awaitTerminal(id);
        assertTrue(GithubApiStub.instance().requests() > before, "the annotations were read from the API");
        Job job = submittedJobs(id).get(0);
        assertEquals(JobKind.LINT_FIX, job.kind());
        assertEquals(List.of(Widgets.WIDGET), job.targetPaths());
        assertTrue(job.instructions().contains(Widgets.WIDGET + ":"), job.instructions());
        assertEquals(JobState.PUBLISHED, status.state(), status.reason());
    }

    @Test
    void anEmptyDeliveryIdIsRefused() {
        byte[] body = Json.write(Deliveries.fixture("issues-opened-labeled"));
        Response response = Deliveries.send("issues", "", "application/json", body, Deliveries.sign(body));
        assertEquals(400, response.statusCode(), response.asString());
    }

}
