package dev.patchlane.pipeline.metrics;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Timings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;

/**
 * The job meters of one process, recorded where a record is written: a transition by the process that wrote it, an
 * attempt by the worker that ran it, so a sum over processes counts each once. Tags are stage, state, lane and result,
 * never a job id or a repository.
 */
@ApplicationScoped
public class JobMeters {

    public static final String TRANSITIONS = "patchlane.job.transitions";
    public static final String STAGE_DURATION = "patchlane.job.stage.duration";
    public static final String JOB_DURATION = "patchlane.job.duration";
    public static final String ATTEMPTS = "patchlane.attempts";
    public static final String ATTEMPT_DURATION = "patchlane.attempt.duration";
    public static final String TOKENS_PER_SECOND = "patchlane.decode.tokens.per.second";
    public static final String TIME_TO_FIRST_TOKEN = "patchlane.decode.time.to.first.token";
    public static final String COST = "patchlane.attempt.cost";
    public static final String TOKENS = "patchlane.attempt.tokens";

    // Explicit buckets keep each histogram at 17 series; a deep job's end-to-end time runs to tens of minutes.
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
        Duration.ofMinutes(15), Duration.ofHours(1) };
    // Around the two classes: ~70 tok/s for a reasoning model on GPUs, 1,000+ for the wafer-scale fast class.
    private static final double[] SPEED_BUCKETS = { 10, 25, 50, 70, 100, 250, 500, 1000, 1500, 2000, 3000, 5000 };

    private final MeterRegistry registry;

    @Inject
    public JobMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A transition this process wrote (and the broker acknowledged). */
    public void transition(TransitionSample sample) {
        String lane = lane(sample.lane());
        Tags tags = Tags.of("stage", sample.stage(), "state", sample.state().name(), "lane", lane);
        registry.counter(TRANSITIONS, tags).increment();
        if (sample.sincePrevious() != null) {
            latency(STAGE_DURATION, "time from a job's previous transition to this one, by the stage that wrote it", tags)
                    .record(sample.sincePrevious());
        }
        if (sample.sinceSubmitted() != null) {
            latency(JOB_DURATION, "time from submission to a terminal state", Tags.of("state", sample.state().name(), "lane", lane))
                    .record(sample.sinceSubmitted());
        }
    }

    /** An attempt this process's worker finished and handed on. */
    public void attempt(Outcome outcome) {
        String lane = lane(outcome.lane());
        String result = outcome.escalate() ? JobState.ESCALATED.name() : outcome.result().name();
        registry.counter(ATTEMPTS, Tags.of("lane", lane, "result", result)).increment();
        Tags laneOnly = Tags.of("lane", lane);
        Timings timings = outcome.timings();
        if (timings != null) {
            latency(ATTEMPT_DURATION, "time from a worker picking a job up to its outcome", laneOnly).record(Duration.ofMillis(timings.totalMs()));
            if (timings.tokensPerSecond() > 0) {
                DistributionSummary.builder(TOKENS_PER_SECOND).description("completion tokens per second of decode time, per attempt")
                        .tags(laneOnly).serviceLevelObjectives(SPEED_BUCKETS).register(registry).record(timings.tokensPerSecond());
                latency(TIME_TO_FIRST_TOKEN, "time from the decode request to the first token", laneOnly)
                        .record(Duration.ofMillis(timings.timeToFirstTokenMs()));
            }
        }
        if (outcome.costUsd() > 0) {
            Counter.builder(COST).baseUnit("usd").description("estimated price of attempts at the lane's configured prices")
                    .tags(laneOnly).register(registry).increment(outcome.costUsd());
        }
        if (outcome.usage() != null) {
            registry.counter(TOKENS, laneOnly.and("kind", "prompt")).increment(outcome.usage().promptTokens());
            registry.counter(TOKENS, laneOnly.and("kind", "completion")).increment(outcome.usage().completionTokens());
        }
    }

    private Timer latency(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    static String lane(Lane lane) {
        return lane == null ? "none" : lane.name().toLowerCase(Locale.ROOT);
    }
}
