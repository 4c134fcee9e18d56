package dev.patchlane.pipeline.status.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreDirectoryTest {

    @Test
    void aDirectoryInUseIsRefusedToASecondClaim(@TempDir Path parent) {
        try (StoreDirectory first = StoreDirectory.claim(parent.resolve("store"))) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> StoreDirectory.claim(parent.resolve("store")));
            assertTrue(refused.getMessage().contains("in use"), refused.getMessage());
        }
        StoreDirectory.claim(parent.resolve("store")).close();
    }

    @Test
    void aFreshDirectoryRemovesTheStoresOfProcessesThatAreGoneButNotLiveOnes(@TempDir Path parent) throws Exception {
        Path dead = Files.createDirectories(parent.resolve("dead-process"));
        Files.writeString(dead.resolve("000001.sst"), "left behind by a crash");
        try (StoreDirectory live = StoreDirectory.fresh(parent);
                StoreDirectory next = StoreDirectory.fresh(parent)) {
            assertFalse(Files.exists(dead), "the dead process's store is removed");
            assertTrue(Files.exists(live.path().getParent()));
            assertFalse(live.path().equals(next.path()));
        }
    }
}
