package dev.patchlane.sink.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PacingScheduleTest {

    private final PacingSchedule schedule = new PacingSchedule();

    @Test
    void ticketsAppendedTogetherGetSlotsOneSpacingApartInLogOrder() {
        assertEquals(1_000, slot("a", "t1", 1_000, 1_000));
        assertEquals(2_000, slot("a", "t2", 1_000, 1_010));
        assertEquals(3_000, slot("a", "t3", 1_000, 1_020));
    }

    @Test
    void anIdleLaneGivesTheNextTicketItsOwnAppendTime() {
        slot("a", "t1", 1_000, 1_000);
        assertEquals(5_000, slot("a", "t2", 1_000, 5_000));
        assertEquals(5_400, slot("a", "t3", 400, 5_100), "each ticket says how far after the previous slot it starts");
    }

    @Test
    void aSlotWhoseHolderNeverCameSimplyPasses() {
        slot("a", "dead", 1_000, 1_000);
        assertEquals(2_000, slot("a", "alive", 1_000, 1_001), "the lane waits one spacing, not for the dead holder");
    }

    @Test
    void lanesDoNotWaitForEachOther() {
        slot("a", "t1", 1_000, 1_000);
        slot("a", "t2", 1_000, 1_000);
        assertEquals(1_001, slot("b", "t3", 1_000, 1_001));
    }

    @Test
    void aDuplicateTicketIsIgnoredAndBooksNothing() {
        slot("a", "t1", 1_000, 1_000);
        assertEquals(Optional.empty(), schedule.admit(new PacingTicket("a", "r", "t1", 1_000, 0), 1_005));
        assertEquals(2_000, slot("a", "t2", 1_000, 1_010));
    }

    @Test
    void manyIdleLanesArePrunedWithoutChangingAnySlot() {
        for (int i = 0; i <= PacingSchedule.PRUNE_ABOVE + 1000; i++) {
            slot("lane-" + i, "t", 1_000, 1_000);
        }
        long later = 1_000 + PacingTicket.MAX_SPACING_MILLIS + 1;
        for (int i = 0; i < 1000; i++) {
            assertEquals(later, slot("fresh", "t" + i, 0, later));
        }
        assertTrue(schedule.lanes() < 100, "idle lanes kept: " + schedule.lanes());
    }

    private long slot(String lane, String ticket, long spacing, long appended) {
        return schedule.admit(new PacingTicket(lane, "r", ticket, spacing, 0), appended).orElseThrow().slotMillis();
    }
}
