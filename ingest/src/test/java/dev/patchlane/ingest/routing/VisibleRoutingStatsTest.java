package dev.patchlane.ingest.routing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.ingest.auth.Caller;
import dev.patchlane.ingest.auth.Scope;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class VisibleRoutingStatsTest {

    @Test
    void onlyAnAdminSeesTheLevelsThatNameARepository() {
        Caller admin = new Caller("ops", "ops", EnumSet.of(Scope.ADMIN));
        Caller reader = new Caller("acme", "acme-reader", EnumSet.of(Scope.READ));
        assertTrue(VisibleRoutingStats.visible("LINT_FIX|https://github.com/globex/secret|S|none", admin));
        assertFalse(VisibleRoutingStats.visible("LINT_FIX|https://github.com/globex/secret|S|none", reader));
        assertFalse(VisibleRoutingStats.visible("LINT_FIX|https://github.com/globex/secret", reader));
        assertTrue(VisibleRoutingStats.visible("LINT_FIX", reader));
        assertTrue(VisibleRoutingStats.visible("all", reader));
    }
}
