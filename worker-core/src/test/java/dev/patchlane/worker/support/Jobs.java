package dev.patchlane.worker.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.Escalation;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RouteFeatures;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import java.time.Instant;
import java.util.List;

/** Jobs routed to a lane, as the router writes them. */
public final class Jobs {

    private Jobs() {
    }

    public static RoutedJob routed(Lane lane, JobKind kind, String repository, List<String> paths, String instructions, JsonNode schema,
            Escalation escalation) {
        String key = "test-" + System.nanoTime();
        Instant now = Instant.now();
        Job job = new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey(key), kind, repository, "main", paths, instructions, schema, null,
                new JobSource("api", "test", null), key, now);
        RouteFeatures features = new RouteFeatures(kind, paths.size(), 100, schema != null, List.of(), null);
        return new RoutedJob(RoutedJob.SCHEMA_VERSION, job, new RouteDecision(lane, List.of("test"), features), escalation == null ? 1 : 2,
                escalation, Usage.NONE, List.of(new Transition(JobState.SUBMITTED, "ingest", now, null, "accepted"),
                        new Transition(JobState.ROUTED, "router", now, lane, "test")), now);
    }
}
