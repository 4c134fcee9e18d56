package dev.patchlane.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void allOrBlankMeansEveryRole() {
        Set<Role> stages = EnumSet.complementOf(EnumSet.of(Role.EMULATOR));
        assertEquals(stages, Role.parse("all"));
        assertEquals(stages, Role.parse(" "));
        assertEquals(stages, Role.parse(null));
        assertEquals(EnumSet.allOf(Role.class), Role.parse("all,emulator"));
        assertEquals(EnumSet.of(Role.EMULATOR), Role.parse("emulator"));
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
