package dev.patchlane.app.rebase;

import dev.patchlane.ingest.github.push.BaseMove;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Coalesces base moves per branch: the first move of a quiet branch is due at once, later ones wait until an interval
 * has passed since the branch was last handed out, and meanwhile only the latest is kept. So a busy base gives at most
 * one scan per interval, always of its newest commit. Thread-safe; time is passed in, so it is tested without sleeping.
 */
final class MoveCoalescer {

    private static final int REMEMBERED_DELIVERIES = 64;

    private final Duration interval;
    private final int maxPending;
    private final Map<String, Branch> branches = new HashMap<>();

    MoveCoalescer(Duration interval, int maxPending) {
        this.interval = interval;
        this.maxPending = maxPending;
    }

    /** What {@link #offer} did. */
    enum Offered {
        QUEUED, COALESCED, DUPLICATE
    }

    /** @throws IllegalStateException when too many branches already wait */
    synchronized Offered offer(BaseMove move, Instant now) {
        String key = key(move);
        Branch branch = branches.get(key);
        if (branch != null && (branch.deliveries.contains(move.deliveryId())
                || branch.pending == null && move.after().equals(branch.lastHandedOut))) {
            return Offered.DUPLICATE;
        }
        if ((branch == null || branch.pending == null) && pendingCount() >= maxPending) {
            throw new IllegalStateException(maxPending + " base branches already wait for a scan; redeliver later");
        }
        if (branch == null) {
            branch = new Branch();
            branches.put(key, branch);
        }
        branch.deliveries.add(move.deliveryId());
        trim(branch.deliveries);
        Offered offered = branch.pending == null ? Offered.QUEUED : Offered.COALESCED;
        // GitHub may deliver out of order; the receipt time decides which is newer.
        if (branch.pending == null || !move.receivedAt().isBefore(branch.pending.receivedAt())) {
            branch.pending = move;
        }
        return offered;
    }

    /** The moves due now, one per branch; each branch is then not due again for an interval. */
    synchronized List<BaseMove> due(Instant now) {
        List<BaseMove> due = new ArrayList<>();
        for (Branch branch : branches.values()) {
            if (branch.pending != null && (branch.lastRun == null || !now.isBefore(branch.lastRun.plus(interval)))) {
                due.add(branch.pending);
                branch.lastHandedOut = branch.pending.after();
                branch.pending = null;
                branch.lastRun = now;
            }
        }
        // A branch quiet for an interval is forgotten, so the map holds only active branches.
        branches.values().removeIf(b -> b.pending == null && b.lastRun != null && now.isAfter(b.lastRun.plus(interval.multipliedBy(2))));
        return due;
    }

    synchronized int pendingCount() {
        return (int) branches.values().stream().filter(b -> b.pending != null).count();
    }

    private static String key(BaseMove move) {
        return move.repository().toLowerCase(java.util.Locale.ROOT) + "\n" + move.branch();
    }

    private static void trim(Set<String> deliveries) {
        while (deliveries.size() > REMEMBERED_DELIVERIES) {
            deliveries.remove(deliveries.iterator().next());
        }
    }

    private static final class Branch {
        BaseMove pending;
        Instant lastRun;
        String lastHandedOut;
        final Set<String> deliveries = new LinkedHashSet<>();
    }
}
