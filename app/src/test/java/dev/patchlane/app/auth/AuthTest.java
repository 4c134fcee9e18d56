package dev.patchlane.app.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.Deliveries;
import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bearer tokens per tenant on /jobs and /migrations: who may do what, and that a refusal writes nothing. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class AuthTest {

    private static JobRequest job(String key) {
        return new JobRequest(JobKind.LINT_FIX, TestPipeline.prepared().plan().repository().toString(), "main", List.of("README.md"),
                "Fix the lint findings.", null, null, new JobSource("ci-bot", "auth-test", null), key);
    }

    private static boolean anyRecordOf(String id) {
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        return TopicReader.readAll(bootstrap, Topics.SUBMITTED).stream().anyMatch(r -> id.equals(r.key()))
                || TopicReader.readAll(bootstrap, Topics.STATUS).stream().anyMatch(r -> id.equals(r.key()));
    }

    /**
     * Posts the job as {@code token} and checks the answer, and that neither the submitted nor the status topic holds a
     * record of it (an accepted job is written under its id before the answer; other tests' jobs keep both topics busy).
     */
    private static Response refusedPost(String token, String key, int status) {
        Response response = Jobs.post(job(key), token);
        assertEquals(status, response.statusCode(), response.asString());
        assertFalse(anyRecordOf(JobIds.fromIdempotencyKey(key)), "no record of the refused job");
        return response;
    }

    private static void assertUnauthenticated(Response response, String reason) {
        assertEquals(401, response.statusCode(), response.asString());
        assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"), response.header("WWW-Authenticate"));
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        assertEquals(reason, response.jsonPath().getString("error"));
    }

    @Test
    void noTokenIs401WithTheChallengeAndWritesNothing() {
        Response response = refusedPost(null, "auth-no-token", 401);
        assertUnauthenticated(response, "this API needs a bearer token: Authorization: Bearer <token>");
        assertEquals("Bearer realm=\"patchlane\"", response.header("WWW-Authenticate"));
        assertUnauthenticated(Jobs.as(null).get("/jobs"), "this API needs a bearer token: Authorization: Bearer <token>");
        assertEquals(401, Jobs.as(null).get("/jobs/any").statusCode());
        assertEquals(401, Jobs.as(null).get("/migrations").statusCode());
        assertEquals(401, Jobs.as(null).get("/migrations/any").statusCode());
        assertEquals(401, Jobs.as(null).delete("/migrations/any").statusCode());
        assertEquals(401, Jobs.as(null).contentType("application/yaml").body("name: x\n".getBytes(StandardCharsets.UTF_8)).post("/migrations").statusCode());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "forged  | pl_forged-token-of-nobody       | the token is not known here",
        "expired | pl_test-acme-expired            | the token expired at 2001-01-01T00:00:00Z",
        "revoked | pl_test-acme-revoked            | the token has been revoked",
    })
    void aTokenThatIsNotValidIs401WithTheReasonAndWritesNothing(String name, String token, String reason) {
        Response response = refusedPost(token, "auth-" + name, 401);
        assertUnauthenticated(response, reason);
        assertTrue(response.header("WWW-Authenticate").contains("error=\"invalid_token\""), response.header("WWW-Authenticate"));
        assertFalse(response.asString().contains(token), "the token is not echoed: " + response.asString());
        assertEquals(401, Jobs.as(token).get("/jobs").statusCode());
    }

    @Test
    void anAuthorizationOfAnotherSchemeIs401() {
        Response response = RestAssured.given().header("Authorization", "Basic YWNtZTpzZWNyZXQ=").get("/jobs");
        assertUnauthenticated(response, "the Authorization header must be 'Bearer <token>'");
        assertFalse(response.asString().contains("YWNtZTpzZWNyZXQ="), response.asString());
    }

    @Test
    void aTokenWithoutTheScopeIs403AndWritesNothing() {
        Response response = refusedPost(Tokens.ACME_READ_ONLY, "auth-read-only", 403);
        assertEquals("token acme-reader of tenant acme lacks the scope this request needs: submit", response.jsonPath().getString("error"));
        assertEquals(List.of("submit"), response.jsonPath().getList("needs"));
        assertEquals(200, Jobs.as(Tokens.ACME_READ_ONLY).get("/jobs").statusCode(), "reading is its scope");
        assertEquals(403, Jobs.as(Tokens.ACME_READ_ONLY).delete("/migrations/any").statusCode());
        assertEquals(403, Jobs.as(Tokens.GLOBEX).delete("/migrations/any").statusCode(), "globex may not cancel");
        assertEquals(404, Jobs.as(Tokens.ACME).delete("/migrations/no-such-migration").statusCode(), "acme may");
    }

    @Test
    void anotherTenantsJobIsAnsweredLikeAnUnknownOneAndIsNotListed() {
        String id = Jobs.submit(job("auth-acme-job"), Tokens.ACME);
        assertTrue(anyRecordOf(id), "an accepted job is on the topics right away, so their absence says a refused one was not written");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Jobs.status(id, Tokens.ACME) != null);
        assertEquals("acme", Jobs.status(id, Tokens.ACME).tenant());

        Response theirs = Jobs.as(Tokens.GLOBEX).get("/jobs/" + id);
        Response unknown = Jobs.as(Tokens.GLOBEX).get("/jobs/no-such-job");
        assertEquals(404, theirs.statusCode(), theirs.asString());
        assertEquals(404, unknown.statusCode());
        assertEquals(Map.of("error", "no job " + id), theirs.jsonPath().getMap("$"));
        assertEquals(Map.of("error", "no job no-such-job"), unknown.jsonPath().getMap("$"));
        assertEquals(unknown.contentType(), theirs.contentType());

        assertTrue(listed(Tokens.ACME).contains(id), "acme lists its job");
        assertFalse(listed(Tokens.GLOBEX).contains(id), "globex does not list acme's job");
        assertFalse(listedTenants(Tokens.GLOBEX).contains("acme"), "globex lists no acme job at all");
        assertNull(Jobs.status(id, Tokens.GLOBEX));

        assertEquals("acme", Jobs.status(id, Tokens.ADMIN).tenant(), "an admin sees every tenant's job");
        assertTrue(listed(Tokens.ADMIN).contains(id));

        Response sameKey = Jobs.post(job("auth-acme-job"), Tokens.GLOBEX);
        assertEquals(409, sameKey.statusCode(), "another tenant's key is not described: " + sameKey.asString());
        assertFalse(sameKey.asString().contains("state"), sameKey.asString());
    }

    @Test
    void anotherTenantsMigrationIsAnsweredLikeAnUnknownOneAndIsNotListed() {
        String manifest = """
                id: auth-acme-migration
                name: acme only
                instructions: 'rewrite: colour -> color'
                repositories: [{url: '%s'}]
                include: ['README.md']
                """.formatted(TestPipeline.prepared().plan().repository());
        Response accepted = Jobs.as(Tokens.ACME).contentType("application/yaml").body(manifest.getBytes(StandardCharsets.UTF_8)).post("/migrations");
        assertEquals(202, accepted.statusCode(), accepted.asString());

        assertEquals(200, Jobs.as(Tokens.ACME).get("/migrations/auth-acme-migration").statusCode());
        Response theirs = Jobs.as(Tokens.GLOBEX).get("/migrations/auth-acme-migration");
        assertEquals(404, theirs.statusCode(), theirs.asString());
        assertEquals(Map.of("error", "no migration auth-acme-migration"), theirs.jsonPath().getMap("$"));
        assertEquals(Map.of("error", "no migration other"), Jobs.as(Tokens.GLOBEX).get("/migrations/other").jsonPath().getMap("$"));
        assertTrue(migrations(Tokens.ACME).contains("auth-acme-migration"));
        assertFalse(migrations(Tokens.GLOBEX).contains("auth-acme-migration"));
        assertTrue(migrations(Tokens.ADMIN).contains("auth-acme-migration"));

        Response taken = Jobs.as(Tokens.GLOBEX).contentType("application/yaml").body(manifest.getBytes(StandardCharsets.UTF_8)).post("/migrations");
        assertEquals(409, taken.statusCode(), taken.asString());
        assertEquals(200, Jobs.as(Tokens.ADMIN).get("/migrations/auth-acme-migration").statusCode(), "an admin sees it");
    }

    private static List<String> listed(String token) {
        return Jobs.as(token).get("/jobs?limit=100000").then().statusCode(200).extract().jsonPath().getList("jobId");
    }

    private static List<String> listedTenants(String token) {
        return Jobs.as(token).get("/jobs?limit=100000").then().statusCode(200).extract().jsonPath().getList("tenant");
    }

    private static List<String> migrations(String token) {
        return Jobs.as(token).get("/migrations").then().statusCode(200).extract().jsonPath().getList("id");
    }

    @Test
    void healthNeedsNoTokenAndIgnoresABadOne() {
        assertEquals(200, RestAssured.given().get("/q/health/live").statusCode());
        assertEquals(200, RestAssured.given().header("Authorization", "Bearer pl_forged").get("/q/health/live").statusCode());
    }

    @Test
    void theWebhookKeepsItsSignatureAndNeedsNoBearerToken() {
        Response signed = Deliveries.send("ping", Deliveries.newDeliveryId(), Deliveries.fixture("ping"));
        assertEquals(200, signed.statusCode(), signed.asString());
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Response unsigned = Deliveries.send("ping", Deliveries.newDeliveryId(), "application/json", body, null);
        assertEquals(401, unsigned.statusCode(), "refused by its signature rules: " + unsigned.asString());
        assertFalse(String.valueOf(unsigned.header("WWW-Authenticate")).startsWith("Bearer"), "not a bearer challenge");
        assertFalse(unsigned.asString().contains("bearer token"), unsigned.asString());
    }
}
