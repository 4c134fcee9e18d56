package dev.patchlane.pipeline.metrics;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.pipeline.status.JobStatusView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code patchlane.jobs}: how many jobs are in each state and lane now, folded from the status view's changes. Exported
 * only by processes with the ingest role (the view's {@link JobStatusView#active active} processes): every process holds
 * the same view, so every replica would report the same figures; several ingest replicas do too, so aggregate them with
 * {@code max}, not {@code sum}.
 */
@ApplicationScoped
public class JobStateGauges {

    public static final String JOBS = "patchlane.jobs";

    @Inject
    JobStatusView view;

    @Inject
    MeterRegistry registry;

    private final Map<Key, AtomicLong> counts = new ConcurrentHashMap<>();

    private record Key(JobState state, Lane lane) {
    }

    // Before the view's consumer starts, so the gauges fold every status from the topic's beginning.
    void listen(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 2) StartupEvent event) {
        if (view.active()) {
            view.onChange(this::changed);
        }
    }

    void changed(JobStatus previous, JobStatus current) {
        if (previous != null) {
            count(previous).decrementAndGet();
        }
        if (current != null) {
            count(current).incrementAndGet();
        }
    }

    private AtomicLong count(JobStatus status) {
        return counts.computeIfAbsent(new Key(status.state(), status.lane()), key -> {
            AtomicLong count = new AtomicLong();
            Gauge.builder(JOBS, count, AtomicLong::get).description("jobs in each state now, as the status view holds them")
                    .tags("state", key.state().name(), "lane", JobMeters.lane(key.lane())).register(registry);
            return count;
        });
    }
}
