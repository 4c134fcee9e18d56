package dev.patchlane.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A process without the ingest role neither accepts jobs nor pretends to know their status. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(RouterOnlyRolesTest.RouterOnly.class)
class RouterOnlyRolesTest {

    public static class RouterOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("patchlane.roles", "router");
        }
    }

    @Test
    void jobsAndStatusAreRefusedWithTheReason() {
        Response post = Jobs.post(new JobRequest(JobKind.LINT_FIX, TestPipeline.prepared().plan().repository().toString(), "main",
                List.of("README.md"), "Fix the lint findings.", null, null, null, "router-only"));
        assertEquals(503, post.statusCode());
        assertTrue(post.asString().contains("ingest role"), post.asString());
        assertEquals(503, Jobs.as(Tokens.ACME).get("/jobs").statusCode());
        assertEquals(503, Jobs.as(Tokens.ACME).get("/jobs/any").statusCode());
    }
}
