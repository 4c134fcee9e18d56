package dev.patchlane.contracts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bounded regular expressions {@link DocumentSchema} validates {@code pattern} with. */
class DocumentSchemaPatternTest {

    @Test
    void patternsAreUnanchoredAsInJsonSchema() {
        assertTrue(DocumentPattern.compile("b+").find("abbbc"));
        assertFalse(DocumentPattern.compile("^b+$").find("abbbc"));
        assertTrue(DocumentPattern.compile("^[a-z]+\\.java$").find("parser.java"));
        assertFalse(DocumentPattern.compile("x").find(null));
    }

    @Test
    void aCatastrophicPatternGivesUpInsteadOfStalling() {
        DocumentPattern evil = DocumentPattern.compile("^(a|aa)+$");
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> evil.find("a".repeat(80) + "!")));
        assertTrue(evil.find("aaaa"));
    }

    @Test
    void aLongInputWithASimplePatternStillMatches() {
        assertTrue(DocumentPattern.compile("needle").find("x".repeat(900_000) + "needle"));
    }

    @Test
    void badPatternsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DocumentPattern.compile("(unclosed"));
        assertThrows(IllegalArgumentException.class, () -> DocumentPattern.compile("a".repeat(DocumentPattern.MAX_PATTERN_LENGTH + 1)));
        assertThrows(IllegalArgumentException.class, () -> DocumentPattern.compile(null));
    }
}
