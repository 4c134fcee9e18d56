package dev.patchlane.decoding.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

    private final ConcurrencyLimit limit = new ConcurrencyLimit(2);
    private final List<String> granted = new ArrayList<>();

    @Test
    void grantsInArrivalOrderAsSlotsFree() {
        ConcurrencyLimit.Ticket a = take("a");
        take("b");
        take("c");
        take("d");
        assertEquals(List.of("a", "b"), granted);
        assertEquals(2, limit.waiting());

        a.release();
        a.release();

        assertEquals(List.of("a", "b", "c"), granted);
        assertEquals(2, limit.held());
        assertEquals(1, limit.waiting());
    }

    @Test
    void aTicketReleasedWhileWaitingLeavesTheQueueAndIsNeverGranted() {
        ConcurrencyLimit.Ticket a = take("a");
        ConcurrencyLimit.Ticket b = take("b");
        ConcurrencyLimit.Ticket c = take("c");
        take("d");

        c.release();
        a.release();
        b.release();

        assertEquals(List.of("a", "b", "d"), granted);
        assertEquals(1, limit.held());
        assertEquals(0, limit.waiting());
    }

    @Test
    void aTicketReleasedBeforeAskingIsNeverGranted() {
        ConcurrencyLimit.Ticket early = limit.ticket();
        early.release();
        early.whenGranted(() -> granted.add("early"));

        assertEquals(List.of(), granted);
        assertEquals(0, limit.held());
    }

    private ConcurrencyLimit.Ticket take(String name) {
        ConcurrencyLimit.Ticket ticket = limit.ticket();
        ticket.whenGranted(() -> granted.add(name));
        return ticket;
    }
}
