package dev.patchlane.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;

/** A process with only the ingest role accepts jobs but consumes none of the other stages' topics. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(RolesTest.IngestOnly.class)
class RolesTest {

    public static class IngestOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("patchlane.roles", "ingest");
        }
    }

    @Test
    void anIngestOnlyProcessAcceptsButDoesNotRouteWorkOrPublish() throws Exception {
        String id = Jobs.submit(new JobRequest(JobKind.LINT_FIX, TestPipeline.prepared().plan().repository().toString(), "main",
                List.of("src/main/java/demo/lint/Widget4.java"), "Fix the lint findings.", null, null, null, "roles-ingest-only"));
        TimeUnit.SECONDS.sleep(3);
        assertEquals(JobState.SUBMITTED, Jobs.status(id).state(), "nobody in this process routes it");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaResource.bootstrapServers()))) {
            List<String> stageGroups = List.of("patchlane-router", "patchlane-router-escalation", "patchlane-fast-worker",
                    "patchlane-deep-worker", "patchlane-sink");
            var described = admin.describeConsumerGroups(stageGroups).describedGroups();
            for (String group : stageGroups) {
                try {
                    ConsumerGroupDescription description = described.get(group).get(30, TimeUnit.SECONDS);
                    assertTrue(description.members().isEmpty(), group + " has members: " + description.members());
                } catch (ExecutionException e) {
                    assertTrue(e.getCause() instanceof GroupIdNotFoundException, group + ": " + e.getCause());
                }
            }
        }
    }
}
