package dev.patchlane.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void allOrBlankMeansEveryRole() {
        assertEquals(EnumSet.allOf(Role.class), Role.parse("all"));
        assertEquals(EnumSet.allOf(Role.class), Role.parse(" "));
        assertEquals(EnumSet.allOf(Role.class), Role.parse(null));
    }

    @Test
    void aListNamesItsRoles() {
        assertEquals(EnumSet.of(Role.ROUTER, Role.FAST_WORKER), Role.parse("router, fast-worker"));
    }

    @Test
    void anUnknownRoleIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Role.parse("router,gpu-worker"));
        assertTrue(e.getMessage().contains("gpu-worker") && e.getMessage().contains("deep-worker"), e.getMessage());
    }
}
