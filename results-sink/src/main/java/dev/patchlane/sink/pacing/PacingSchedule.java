package dev.patchlane.sink.pacing;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The slots of every lane, computed from the pacing log alone so that every replica that reads the same records agrees:
 * {@code slot(n) = max(appended(n), slot(n-1) + spacing(n))}, where {@code appended} is the broker's log-append time.
 * A slot whose holder died simply passes; a duplicate ticket is ignored. Not thread-safe: fed by one reader.
 */
final class PacingSchedule {

    /** Lanes beyond this many are pruned of those idle long enough that their history no longer matters. */
    static final int PRUNE_ABOVE = 10_000;
    static final int REMEMBERED_TICKETS = 1024;

    /** Where a ticket landed: its slot and its own append time, both on the broker's clock. */
    record Slot(long slotMillis, long appendedMillis) {

        long waitMillis() {
            return slotMillis - appendedMillis;
        }
    }

    private final Map<String, LaneState> lanes = new HashMap<>();
    private long admitted;

    /** The ticket's slot, or empty for a ticket already admitted. */
    Optional<Slot> admit(PacingTicket ticket, long appendedMillis) {
        if (++admitted % 1000 == 0 && lanes.size() > PRUNE_ABOVE) {
            prune(appendedMillis);
        }
        LaneState lane = lanes.computeIfAbsent(ticket.lane(), key -> new LaneState());
        if (lane.seen.put(ticket.ticket(), Boolean.TRUE) != null) {
            return Optional.empty();
        }
        long slot = lane.any ? Math.max(appendedMillis, lane.lastSlot + ticket.spacingMillis()) : appendedMillis;
        lane.lastSlot = slot;
        lane.any = true;
        return Optional.of(new Slot(slot, appendedMillis));
    }

    int lanes() {
        return lanes.size();
    }

    /** A lane whose last slot is further back than any spacing reaches gives the next ticket its append time anyway. */
    private void prune(long now) {
        for (Iterator<LaneState> it = lanes.values().iterator(); it.hasNext(); ) {
            if (it.next().lastSlot + PacingTicket.MAX_SPACING_MILLIS < now) {
                it.remove();
            }
        }
    }

    private static final class LaneState {

        long lastSlot;
        boolean any;
        final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED_TICKETS;
            }
        };
    }
}
