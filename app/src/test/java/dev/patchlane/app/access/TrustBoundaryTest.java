package dev.patchlane.app.access;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What ingest refuses before anything is written or fetched, on the real HTTP socket and the real broker: repositories
 * outside the allow-list (403 with the rule), submissions over a tenant's quota (429 with Retry-After), reserved sources.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class TrustBoundaryTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/etc|LOCAL_PATH_NOT_ALLOWED",
            "file:///|FILE_SCHEME",
            "file:///etc/passwd|FILE_SCHEME",
            "FILE:///tmp/repo|FILE_SCHEME",
            "http://127.0.0.1/x.git|PRIVATE_ADDRESS",
            "https://169.254.169.254/latest/meta-data|PRIVATE_ADDRESS",
            "https://[::ffff:127.0.0.1]/x.git|PRIVATE_ADDRESS",
            "https://2130706433/x.git|PRIVATE_ADDRESS",
            "https://localhost/x.git|PRIVATE_ADDRESS",
            "ext::sh -c touch% /tmp/pwned|TRANSPORT_HELPER",
            "https://user:secret@github.com/acme/app.git|CREDENTIALS_IN_URL",
            "ssh://git@github.com/acme/app.git|SSH_NOT_ALLOWED",
            "git://github.com/acme/app.git|UNSUPPORTED_SCHEME",
            "/tmp/../etc|PATH_TRAVERSAL",
            "https://github.com/acme/../other/app.git|PATH_TRAVERSAL",
            "relative/path|LOCAL_PATH_NOT_ALLOWED",
    })
    void aForbiddenRepositoryIs403WithTheRuleAndNothingIsWritten(String repository, String rule) {
        assertRefused(repository, rule);
    }

    @Test
    void aSymlinkOutOfAnAllowedRootIsRefused(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("escape"), Path.of("/etc"));
        assertRefused(link.toString(), "SYMLINK_ESCAPE");
    }

    @Test
    void theSourcesPatchlaneBuildsItselfCannotBeClaimedOverTheApi() {
        String key = "reserved-source";
        Response response = Jobs.post(new JobRequest(JobKind.LINT_FIX, TestPipeline.prepared().plan().repository().toString(), "main",
                List.of("src/main/java/demo/lint/Widget1.java"), "Fix it.", null, null, new JobSource("github", "someone", null), key));
        assertEquals(400, response.statusCode(), response.asString());
        assertTrue(response.asString().contains("reserved"), response.asString());
        assertNothingWritten(key);
    }

    @Test
    void anotherTenantsKeyIsRefusedBeforeAnythingIsWrittenAndPatchlanesOwnKeysCannotBeTaken() {
        String repository = TestPipeline.prepared().plan().repository().toString();
        String key = "shared-key-across-tenants";
        assertEquals(202, Jobs.post(request(repository, key), Tokens.ACME).statusCode());
        String id = JobIds.fromIdempotencyKey(key);
        long before = records(id);
        Response taken = Jobs.post(request(repository, key), Tokens.GLOBEX);
        assertEquals(409, taken.statusCode(), taken.asString());
        assertFalse(taken.asString().contains("state"), "the other tenant's job is not described: " + taken.asString());
        assertEquals(before, records(id), "globex wrote nothing over acme's job");

        Response pre = Jobs.post(request(repository, "github:acme/app#1:fix"), Tokens.GLOBEX);
        assertEquals(400, pre.statusCode(), pre.asString());
        assertNothingWritten("github:acme/app#1:fix");
    }

    private static long records(String id) {
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        return TopicReader.readAll(bootstrap, Topics.SUBMITTED).stream().filter(r -> id.equals(r.key())).count()
                + TopicReader.readAll(bootstrap, Topics.STATUS).stream().filter(r -> id.equals(r.key())
                        && new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains("\"tenant\":\"globex\"")).count();
    }

    @Test
    void aMigrationNamingAForbiddenRepositoryIs403BeforeAnythingIsStored() {
        String manifest = """
                {"name": "forbidden", "instructions": "x", "include": ["**/*.java"],
                 "repositories": [{"url": "file:///etc"}]}
                """;
        long before = TopicReader.appended(EmbeddedKafkaResource.bootstrapServers(), Topics.MIGRATIONS);
        Response response = given().header("Authorization", Tokens.bearer(Tokens.ACME)).contentType("application/json").body(manifest)
                .post("/migrations");
        assertEquals(403, response.statusCode(), response.asString());
        assertEquals("FILE_SCHEME", response.jsonPath().getString("rule"));
        assertEquals(before, TopicReader.appended(EmbeddedKafkaResource.bootstrapServers(), Topics.MIGRATIONS));
    }

    @Test
    void aTenantOverItsHourlyQuotaGets429WithRetryAfterWhileAnotherTenantStillSubmits() {
        String repository = TestPipeline.prepared().plan().repository().toString();
        for (int i = 0; i < 2; i++) {
            Response accepted = Jobs.post(request(repository, "initech-quota-" + i), Tokens.INITECH);
            assertEquals(202, accepted.statusCode(), accepted.asString());
        }
        Response refused = Jobs.post(request(repository, "initech-quota-2"), Tokens.INITECH);
        assertEquals(429, refused.statusCode(), refused.asString());
        assertTrue(Long.parseLong(refused.header("Retry-After")) > 0, refused.header("Retry-After"));
        assertTrue(refused.asString().contains("max-jobs-per-hour"), refused.asString());
        assertNothingWritten("initech-quota-2");

        Response usage = given().header("Authorization", Tokens.bearer(Tokens.INITECH)).get("/usage");
        assertEquals(200, usage.statusCode(), usage.asString());
        assertEquals(2, usage.jsonPath().getInt("submittedLastHour"));
        assertEquals(2, usage.jsonPath().getInt("limits.maxJobsPerHour"));
        assertEquals(404, given().header("Authorization", Tokens.bearer(Tokens.INITECH)).get("/usage?tenant=acme").statusCode(),
                "another tenant's usage is not shown");

        Response quietTenant = Jobs.post(request(repository, "globex-beside-initech"), Tokens.GLOBEX);
        assertEquals(202, quietTenant.statusCode(), quietTenant.asString());
    }

    private static JobRequest request(String repository, String key) {
        return new JobRequest(JobKind.LINT_FIX, repository, "main", List.of("src/main/java/demo/lint/Widget4.java"), "Fix the lint findings.",
                null, null, null, key);
    }

    private static void assertRefused(String repository, String rule) {
        String key = "forbidden-" + Integer.toHexString(repository.hashCode());
        Response response = Jobs.post(new JobRequest(JobKind.LINT_FIX, repository, "main", List.of("a.txt"), "Do it.", null, null, null, key));
        assertEquals(403, response.statusCode(), repository + ": " + response.asString());
        assertEquals(rule, response.jsonPath().getString("rule"), response.asString());
        assertFalse(response.asString().contains("secret"), "credentials are not echoed: " + response.asString());
        assertNothingWritten(key);
    }

    private static void assertNothingWritten(String key) {
        String id = JobIds.fromIdempotencyKey(key);
        String bootstrap = EmbeddedKafkaResource.bootstrapServers();
        for (String topic : List.of(Topics.SUBMITTED, Topics.STATUS)) {
            assertTrue(TopicReader.readAll(bootstrap, topic).stream().noneMatch(r -> id.equals(r.key())), "nothing on " + topic + " for " + key);
        }
    }
}
