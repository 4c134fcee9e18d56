package dev.patchlane.app.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** With patchlane.auth.enabled=false every request, with a token or without, is tenant local with every scope. */
@QuarkusTest
@TestProfile(AuthDisabledTest.Disabled.class)
@WithTestResource(EmbeddedKafkaResource.class)
class AuthDisabledTest {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The routing statistics view off too, so the dashboard's routing page can be seen saying so (no profile of its own).
            return Map.of("patchlane.auth.enabled", "false", "patchlane.routing-stats.enabled", "false");
        }
    }

    @Test
    void everyCallerIsTenantLocalWithEveryScope() {
        JobRequest request = new JobRequest(JobKind.LINT_FIX, TestPipeline.prepared().plan().repository().toString(), "main",
                List.of("README.md"), "Fix the lint findings.", null, null, new JobSource("ci-bot", "auth-off", null), "auth-disabled");
        String id = Jobs.submit(request, null);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Jobs.status(id, null) != null);
        assertEquals("local", Jobs.status(id, null).tenant());
        assertEquals(200, Jobs.as("pl_forged").get("/jobs/" + id).statusCode(), "a token is not even looked at");
        assertEquals(404, Jobs.as(null).delete("/migrations/no-such-migration").statusCode(), "cancel is allowed too");
        assertEquals(200, Jobs.as(null).redirects().follow(false).get("/dashboard").statusCode(), "the dashboard is open too");
        assertEquals(303, Jobs.as(null).redirects().follow(false).get("/dashboard/login").statusCode(), "with nothing to sign in to");
        String routing = Jobs.as(null).get("/dashboard/routing").then().statusCode(200).extract().asString();
        assertTrue(routing.contains("does not read the routing statistics topic"), routing);
        assertEquals(503, Jobs.as(null).get("/routing/stats").statusCode(), "the JSON resource says the same");
    }
}
