package dev.patchlane.worker.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A long file reaches the model in whole lines, with where it is and how to read on, never silently cut. */
class FilePartTest {

    private static final String FILE = "one\ntwo\nthree\nfour\n";

    @Test
    void theLinesThatFitAreShownWithHowToReadOn() {
        FilePart part = FilePart.of(FILE, 1, 9);
        assertEquals("one\ntwo\n", part.lines());
        assertEquals("[lines 1-2 of 4; call read_file with start_line=3 to read on]\none\ntwo\n", part.render());
    }

    @Test
    void readingOnReachesTheEnd() {
        FilePart part = FilePart.of(FILE, 3, 100);
        assertEquals("[lines 3-4 of 4]\nthree\nfour\n", part.render());
    }

    @Test
    void aLineLongerThanAResultIsShownInPartAndCountedAsRead() {
        FilePart part = FilePart.of("x".repeat(50) + "\nend\n", 1, 10);
        assertEquals("x".repeat(10), part.lines());
        assertEquals(1, part.last());
    }

    @Test
    void startingPastTheEndSaysSo() {
        assertTrue(FilePart.of(FILE, 9, 100).render().contains("has 4 lines; nothing from line 9"));
    }
}
