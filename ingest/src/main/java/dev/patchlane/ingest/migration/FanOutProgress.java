package dev.patchlane.ingest.migration;

import dev.patchlane.contracts.Migration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** How far the fan-out of each migration running in this process has got. */
final class FanOutProgress {

    enum Phase {
        RUNNING, DONE, CANCELLED, FAILED
    }

    /** One migration's counters. */
    static final class Counters {
        final AtomicLong groups = new AtomicLong();
        final AtomicLong submitted = new AtomicLong();
        final AtomicLong existing = new AtomicLong();
        final AtomicLong waitingForSlot = new AtomicLong();
        volatile Phase phase = Phase.RUNNING;
        volatile String problem;

        Migration.FanOut result() {
            return new Migration.FanOut(phase.name(), groups.get(), submitted.get(), existing.get(), problem, Instant.now());
        }

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("phase", phase.name());
            map.put("groupsPlanned", groups.get());
            map.put("jobsSubmitted", submitted.get());
            map.put("jobsAlreadyPresent", existing.get());
            map.put("timesWaitedForInFlightLimit", waitingForSlot.get());
            if (problem != null) {
                map.put("problem", problem);
            }
            return map;
        }
    }

    private final Map<String, Counters> byMigration = new ConcurrentHashMap<>();

    Counters start(String id) {
        Counters counters = new Counters();
        byMigration.put(id, counters);
        return counters;
    }

    Counters get(String id) {
        return byMigration.get(id);
    }
}
