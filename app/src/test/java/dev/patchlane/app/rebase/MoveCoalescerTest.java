package dev.patchlane.app.rebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.ingest.github.push.BaseMove;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Coalescing per branch on a clock the test moves: bounded scans whatever the pushes. */
class MoveCoalescerTest {

    private static final Instant T0 = Instant.parse("2026-12-04T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(10);

    @Test
    void aBurstOfTenPushesGivesTwoScansTheSecondOfTheLatestCommit() {
        MoveCoalescer coalescer = new MoveCoalescer(INTERVAL, 100);
        int scans = 0;
        BaseMove last = null;
        for (int i = 0; i < 10; i++) {
            Instant at = T0.plusSeconds(i);
            last = move("d" + i, "acme/service", "main", sha(i), at);
            coalescer.offer(last, at);
            scans += coalescer.due(at).size();
        }
        assertEquals(1, scans, "the first push is scanned at once, the other nine wait");
        assertTrue(coalescer.due(T0.plus(INTERVAL).minusSeconds(1)).isEmpty(), "not before the interval is over");
        List<BaseMove> later = coalescer.due(T0.plus(INTERVAL));
        assertEquals(List.of(last), later, "one scan, of the newest commit");
        assertTrue(coalescer.due(T0.plus(INTERVAL.multipliedBy(5))).isEmpty(), "nothing is left");
    }

    @Test
    void aRedeliveredPushIsTheSameMove() {
        MoveCoalescer coalescer = new MoveCoalescer(INTERVAL, 100);
        BaseMove move = move("d1", "acme/service", "main", sha(1), T0);
        assertEquals(MoveCoalescer.Offered.QUEUED, coalescer.offer(move, T0));
        assertEquals(MoveCoalescer.Offered.DUPLICATE, coalescer.offer(move, T0.plusSeconds(1)));
        assertEquals(1, coalescer.due(T0.plusSeconds(1)).size());
        assertEquals(MoveCoalescer.Offered.DUPLICATE, coalescer.offer(move, T0.plusSeconds(2)), "after its scan too");
        assertEquals(MoveCoalescer.Offered.DUPLICATE, coalescer.offer(move("d2", "acme/service", "main", sha(1), T0), T0.plusSeconds(3)),
                "another delivery of the commit just scanned");
        assertTrue(coalescer.due(T0.plus(INTERVAL)).isEmpty());
    }

    @Test
    void branchesAndRepositoriesAreCoalescedApart() {
        MoveCoalescer coalescer = new MoveCoalescer(INTERVAL, 100);
        coalescer.offer(move("d1", "acme/service", "main", sha(1), T0), T0);
        coalescer.offer(move("d2", "acme/service", "release", sha(2), T0), T0);
        coalescer.offer(move("d3", "acme/other", "main", sha(3), T0), T0);
        assertEquals(3, coalescer.due(T0).size());
    }

    @Test
    void anOutOfOrderDeliveryDoesNotReplaceANewerMove() {
        MoveCoalescer coalescer = new MoveCoalescer(INTERVAL, 100);
        coalescer.offer(move("d0", "acme/service", "main", sha(0), T0), T0);
        coalescer.due(T0);
        BaseMove newer = move("d2", "acme/service", "main", sha(2), T0.plusSeconds(20));
        coalescer.offer(newer, T0.plusSeconds(20));
        coalescer.offer(move("d1", "acme/service", "main", sha(1), T0.plusSeconds(10)), T0.plusSeconds(21));
        assertEquals(List.of(newer), coalescer.due(T0.plus(INTERVAL)));
    }

    @Test
    void tooManyWaitingBranchesAreRefusedSoGitHubRedelivers() {
        MoveCoalescer coalescer = new MoveCoalescer(INTERVAL, 2);
        coalescer.offer(move("d1", "acme/a", "main", sha(1), T0), T0);
        coalescer.offer(move("d2", "acme/b", "main", sha(2), T0), T0);
        assertThrows(IllegalStateException.class, () -> coalescer.offer(move("d3", "acme/c", "main", sha(3), T0), T0));
        assertEquals(MoveCoalescer.Offered.COALESCED, coalescer.offer(move("d4", "acme/a", "main", sha(4), T0), T0),
                "a branch already waiting still takes its newer move");
    }

    private static BaseMove move(String delivery, String repository, String branch, String after, Instant at) {
        return new BaseMove(delivery, repository, branch, "f".repeat(40), after, false, at);
    }

    private static String sha(int i) {
        return String.format("%040x", i + 1);
    }
}
