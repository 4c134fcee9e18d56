package dev.patchlane.ingest.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two cursor kinds: what this server writes reads back, and anything else is refused with a reason. */
class CursorsTest {

    private static final long[] TOPIC = {12, 0, 7};

    @Test
    void aTopicCursorReadsBackAndMovesPerPartition() {
        TopicCursor cursor = TopicCursor.parse("o3.0.7", TOPIC);
        assertArrayEquals(new long[] {3, 0, 7}, cursor.offsets());
        assertEquals("o3.0.7", cursor.text());
        assertEquals("o3.5.7", cursor.after(1, 4).text());
        assertEquals("o3.0.7", cursor.after(0, 1).text(), "an older record does not move it back");
        assertEquals("o3.0.7.10", cursor.after(3, 9).text(), "a partition added since");
        assertArrayEquals(new long[] {0, 0, 0}, TopicCursor.parse("o0", TOPIC).offsets(), "partitions not named start at 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "o", "o-1", "o1..2", "o1.2.", "O1", "h1", "o1,2", " o1", "o1\u0000", "o\u0661", "o1.2.3.4",
        "o99999999999999999999", "o9223372036854775808", "o13", "o0.1"})
    void anythingElseIsRefused(String text) {
        BadCursorException refused = assertThrows(BadCursorException.class, () -> TopicCursor.parse(text, TOPIC));
        assertTrue(refused.getMessage().startsWith("the event cursor"), refused.getMessage());
        assertTrue(refused.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "no control characters echoed: " + refused.getMessage());
    }

    @Test
    void anOverlongCursorIsRefusedBeforeItIsParsed() {
        String huge = "o" + "0.".repeat(200_000) + "0";
        assertTrue(assertThrows(BadCursorException.class, () -> TopicCursor.parse(huge, TOPIC)).getMessage().contains("characters long"));
    }

    @Test
    void aJobCursorCountsTransitions() {
        assertEquals(3, JobCursor.parse("h3", "j", 5).transitions());
        assertEquals(5, JobCursor.parse("h5", "j", 5).transitions());
        assertEquals("h4", new JobCursor(4).text());
        assertTrue(assertThrows(BadCursorException.class, () -> JobCursor.parse("h6", "j", 5)).getMessage().contains("ahead of job j"));
        for (String bad : new String[] {"", "h", "h-1", "h1.0", "o1", "h1234567890", "H1", "h\u0661", "h1 "}) {
            assertThrows(BadCursorException.class, () -> JobCursor.parse(bad, "j", 5), bad);
        }
    }
}
