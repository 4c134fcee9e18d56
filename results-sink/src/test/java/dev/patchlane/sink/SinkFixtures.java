package dev.patchlane.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RouteFeatures;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Timings;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.contracts.Verification;
import dev.patchlane.sink.config.PublishConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Outcomes and publish configuration for the sink's own tests, built from the real records and the real config mapping. */
final class SinkFixtures {

    static final Instant FINISHED = Instant.parse("2026-11-27T10:00:00Z");

    private SinkFixtures() {
    }

    static PublishConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(PublishConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(PublishConfig.class);
    }

    /** A structured-output job's ready result, as a worker writes it after validating the document against the schema. */
    static Outcome result(String repository, JobSource source, JsonNode document, Verification verification) {
        String key = "result:" + repository + ":" + source.reference();
        Job job = new Job(Job.SCHEMA_VERSION, JobIds.fromIdempotencyKey(key), JobKind.ISSUE, repository, "main", List.of("src/Main.java"),
                "Summarise the failure as JSON.", Json.mapper().createObjectNode().put("type", "object"), null, source, key,
                FINISHED.minusSeconds(5));
        RouteFeatures features = new RouteFeatures(JobKind.ISSUE, 1, 420, false, List.of(), null);
        List<Transition> history = List.of(new Transition(JobState.SUBMITTED, "ingest", FINISHED.minusSeconds(5), null, "accepted"),
                new Transition(JobState.ROUTED, "router", FINISHED.minusSeconds(4), Lane.DEEP, "structured output"),
                new Transition(JobState.RUNNING, "deep-worker", FINISHED.minusSeconds(3), Lane.DEEP, "decoding"),
                new Transition(JobState.RESULT_READY, "deep-worker", FINISHED, Lane.DEEP, "the document matches the schema"));
        RoutedJob routed = new RoutedJob(RoutedJob.SCHEMA_VERSION, job, new RouteDecision(Lane.DEEP, List.of("structured output"), features), 1,
                null, Usage.NONE, history.subList(0, 2), FINISHED.minusSeconds(4));
        return new Outcome(Outcome.SCHEMA_VERSION, routed, Lane.DEEP, "0123456789abcdef0123456789abcdef01234567", OutcomeResult.RESULT_READY,
                null, "Summarised the failure.", false, new Usage(900, 120), 0.002, new Timings(3, 10, 160, 35, 210, 1142.9),
                new DecoderInfo("emulator", "deep-class", true, "summariser", "in-process", null), history, FINISHED, verification, null, document);
    }
}
