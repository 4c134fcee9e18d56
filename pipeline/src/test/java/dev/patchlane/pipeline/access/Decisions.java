package dev.patchlane.pipeline.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.pipeline.access.AccessDecision.Allowed;
import dev.patchlane.pipeline.access.AccessDecision.Refused;
import dev.patchlane.pipeline.access.AccessDecision.Rule;

/** Assertions on decisions shared by the tests. */
final class Decisions {

    private Decisions() {}

    static String assertAllowed(AccessDecision decision) {
        return assertInstanceOf(Allowed.class, decision, () -> "expected allowed, got " + decision).canonical();
    }

    static Refused assertRefused(Rule rule, AccessDecision decision, String input) {
        Refused refused = assertInstanceOf(Refused.class, decision, () -> "expected " + rule + " for " + input + ", got " + decision);
        assertEquals(rule, refused.rule(), () -> input + ": " + refused.detail());
        assertDetailIsSafe(refused);
        return refused;
    }

    static void assertDetailIsSafe(Refused refused) {
        String detail = refused.detail();
        assertTrue(detail.startsWith(refused.rule().name() + ": "), detail);
        assertFalse(detail.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0x202e || c == 0x200b),
                () -> "control character in " + detail);
        assertTrue(detail.length() < 700, () -> "detail of " + detail.length() + " characters");
    }
}
