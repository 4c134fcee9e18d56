package dev.patchlane.sink.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PacingTicketTest {

    private static final String LANE = "installation https://api.github.com 42";

    @Test
    void aTicketReadsBackAsWritten() {
        PacingTicket ticket = new PacingTicket(LANE, "replica-1", "0b7d3f0e-1", 1_000, 1_700_000_000_000L);
        assertEquals(ticket, PacingTicket.parse(LANE, ticket.toBytes()));
    }

    @Test
    void garbageIsRefusedWithAReasonThatDoesNotEchoIt() {
        byte[] garbage = {(byte) 0xff, 0x00, (byte) 0xfe, 0x7b, 0x22};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PacingTicket.parse(LANE, garbage));
        assertEquals("not JSON", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PacingTicket.parse(LANE, null));
        assertThrows(IllegalArgumentException.class, () -> PacingTicket.parse(LANE, bytes("[1,2]")));
        assertThrows(IllegalArgumentException.class, () -> PacingTicket.parse(LANE, bytes("\"ticket\"")));
    }

    @Test
    void aRecordLargerThanATicketIsNotParsed() {
        byte[] huge = new byte[PacingTicket.MAX_BYTES + 1];
        Arrays.fill(huge, (byte) '{');
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PacingTicket.parse(LANE, huge));
        assertTrue(e.getMessage().contains("more than a ticket's"), e.getMessage());
    }

    @Test
    void aTicketFiledUnderAnotherLanesKeyIsRefused() {
        byte[] value = new PacingTicket(LANE, "r", "t", 1_000, 0).toBytes();
        assertThrows(IllegalArgumentException.class, () -> PacingTicket.parse("installation https://api.github.com 43", value));
        assertThrows(IllegalArgumentException.class, () -> PacingTicket.parse(null, value));
    }

    @Test
    void fieldsOfTheWrongShapeOrOutOfBoundsAreRefused() {
        String[] hostile = {
            "{\"schemaVersion\":2,\"lane\":\"L\",\"replica\":\"r\",\"ticket\":\"t\",\"spacingMillis\":1,\"requestedAtMillis\":0}",
            "{\"schemaVersion\":1,\"lane\":\"L\",\"replica\":\"r\",\"ticket\":\"t\",\"spacingMillis\":-1,\"requestedAtMillis\":0}",
            "{\"schemaVersion\":1,\"lane\":\"L\",\"replica\":\"r\",\"ticket\":\"t\",\"spacingMillis\":86400000,\"requestedAtMillis\":0}",
            "{\"schemaVersion\":1,\"lane\":\"L\",\"replica\":\"r\",\"ticket\":\"t\",\"spacingMillis\":\"1\",\"requestedAtMillis\":0}",
            "{\"schemaVersion\":1,\"lane\":\"L\",\"replica\":\"r\",\"ticket\":\"t\",\"spacingMillis\":1.5,\"requestedAtMillis\":0}",
            "{\"schemaVersion\":1,\"lane\":\"L\",\"replica\":\"r\",\"ticket\":7,\"spacingMillis\":1,\"requestedAtMillis\":0}",
            "{\"schemaVersion\":1,\"lane\":\"L\",\"replica\":\"r\",\"ticket\":\"\",\"spacingMillis\":1,\"requestedAtMillis\":0}",
            "{\"schemaVersion\":1,\"lane\":\"L\",\"replica\":\"r\",\"spacingMillis\":1,\"requestedAtMillis\":0}",
            "{\"schemaVersion\":1,\"lane\":\"L\",\"replica\":\"r\",\"ticket\":\"" + "x".repeat(PacingTicket.MAX_ID + 1)
                    + "\",\"spacingMillis\":1,\"requestedAtMillis\":0}",
        };
        for (String value : hostile) {
            assertThrows(IllegalArgumentException.class, () -> PacingTicket.parse("L", bytes(value)), value);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
