package dev.patchlane.ingest.dashboard;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Transition;
import dev.patchlane.pipeline.status.JobStatusView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The overview's figures per tenant, folded from the status view's changes like {@code JobStateGauges}: jobs in each
 * state and lane, how many first attempts were routed fast and how many of those were escalated, and a sample of the
 * counts every {@link #SAMPLE_SECONDS} seconds for the last half hour (the chart's history before a page was opened).
 */
@ApplicationScoped
public class DashboardFigures {

    static final int SAMPLE_SECONDS = 5;
    static final int SAMPLES = 360;

    @Inject
    JobStatusView view;

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private ScheduledExecutorService sampler;

    /**
     * One sample of the counts.
     *
     * @param at when
     * @param values each series of {@link Series#NAMES} by name
     */
    public record Sample(Instant at, Map<String, Long> values) {
    }

    /**
     * What one caller sees.
     *
     * @param byStateAndLane jobs now, per state, per lane ({@code null} lane: not routed yet)
     * @param routedFast jobs whose first attempt was routed fast
     * @param escalated of those, how many were escalated
     * @param samples the recent history of the counts, oldest first
     */
    public record Figures(Map<JobState, Map<String, Long>> byStateAndLane, long routedFast, long escalated, List<Sample> samples) {
    }

    private static final class Tenant {
        final Map<JobState, Map<String, AtomicLong>> counts = new EnumMap<>(JobState.class);
        final AtomicLong routedFast = new AtomicLong();
        final AtomicLong escalated = new AtomicLong();
        final Deque<Sample> samples = new ArrayDeque<>();

        Tenant() {
            for (JobState state : JobState.values()) {
                Map<String, AtomicLong> lanes = new ConcurrentHashMap<>();
                for (String lane : LANES) {
                    lanes.put(lane, new AtomicLong());
                }
                counts.put(state, lanes);
            }
        }
    }

    /** The lanes as the figures name them: a job not routed yet has lane {@code none}. */
    static final List<String> LANES = List.of("fast", "deep", "none");

    // Before the view's consumer starts, so the figures fold every status from the topic's beginning.
    void listen(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 2) StartupEvent event) {
        if (!view.active()) {
            return;
        }
        view.onChange(this::changed);
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "patchlane-dashboard-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(this::sample, SAMPLE_SECONDS, SAMPLE_SECONDS, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    void changed(JobStatus previous, JobStatus current) {
        if (previous != null) {
            fold(previous, -1);
        }
        if (current != null) {
            fold(current, 1);
        }
    }

    private void fold(JobStatus status, int sign) {
        Tenant tenant = tenants.computeIfAbsent(key(status.tenant()), t -> new Tenant());
        tenant.counts.get(status.state()).get(lane(status.lane())).addAndGet(sign);
        if (firstRoutedFast(status)) {
            tenant.routedFast.addAndGet(sign);
            if (status.history().stream().anyMatch(t -> t.state() == JobState.ESCALATED)) {
                tenant.escalated.addAndGet(sign);
            }
        }
    }

    static boolean firstRoutedFast(JobStatus status) {
        return status.history().stream().filter(t -> t.state() == JobState.ROUTED).findFirst().map(Transition::lane)
                .filter(lane -> lane == Lane.FAST).isPresent();
    }

    static String lane(Lane lane) {
        return lane == null ? "none" : lane.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String key(String tenant) {
        return tenant == null ? "" : tenant;
    }

    void sample() {
        Instant now = Instant.now();
        tenants.values().forEach(tenant -> {
            Map<JobState, Map<String, Long>> counts = new EnumMap<>(JobState.class);
            tenant.counts.forEach((state, lanes) -> {
                Map<String, Long> byLane = new java.util.HashMap<>();
                lanes.forEach((lane, count) -> byLane.put(lane, count.get()));
                counts.put(state, byLane);
            });
            synchronized (tenant.samples) {
                tenant.samples.addLast(new Sample(now, Series.values(counts)));
                while (tenant.samples.size() > SAMPLES) {
                    tenant.samples.removeFirst();
                }
            }
        });
    }

    /** The figures summed over the tenants {@code sees} accepts (an admin: every tenant). */
    public Figures figures(Predicate<String> sees) {
        Map<JobState, Map<String, Long>> byStateAndLane = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            Map<String, Long> lanes = new java.util.LinkedHashMap<>();
            LANES.forEach(lane -> lanes.put(lane, 0L));
            byStateAndLane.put(state, lanes);
        }
        long routedFast = 0;
        long escalated = 0;
        Map<Instant, Map<String, Long>> samples = new java.util.TreeMap<>();
        for (Map.Entry<String, Tenant> entry : tenants.entrySet()) {
            if (!sees.test(entry.getKey())) {
                continue;
            }
            Tenant tenant = entry.getValue();
            tenant.counts.forEach((state, lanes) -> lanes.forEach((lane, count) -> byStateAndLane.get(state).merge(lane, count.get(), Long::sum)));
            routedFast += tenant.routedFast.get();
            escalated += tenant.escalated.get();
            synchronized (tenant.samples) {
                for (Sample sample : tenant.samples) {
                    Map<String, Long> sum = samples.computeIfAbsent(sample.at(), at -> new java.util.LinkedHashMap<>());
                    sample.values().forEach((name, count) -> sum.merge(name, count, Long::sum));
                }
            }
        }
        List<Sample> merged = new ArrayList<>();
        samples.forEach((at, values) -> merged.add(new Sample(at, values)));
        return new Figures(byStateAndLane, routedFast, escalated, merged);
    }
}
