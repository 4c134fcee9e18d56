package dev.patchlane.ingest.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.contracts.MigrationManifest.Granularity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileGroupsLargeDirectoryTest {

    @Test
    void directoryOverTheJobLimitIsSplit(@TempDir Path work, @TempDir Path mirrors) throws Exception {
        GitFixture fixture = new GitFixture(work).file("top.txt");
        for (int i = 0; i < 205; i++) {
            fixture.file(String.format("big/f%03d.txt", i));
        }
        List<List<String>> groups = new ArrayList<>();
        try (RepositoryCache cache = new RepositoryCache(mirrors, Duration.ofMinutes(5))) {
            FileGroups.forEach(cache.snapshot(fixture.commit(), "HEAD"), new FileGlobs(List.of(), List.of()),
                    new Granularity(Granularity.Unit.DIRECTORY, null), groups::add);
        }
        assertEquals(List.of(1, FileGroups.MAX_GROUP, 205 - FileGroups.MAX_GROUP), groups.stream().map(List::size).toList());
        assertEquals(List.of("top.txt"), groups.get(0));
        assertEquals("big/f000.txt", groups.get(1).get(0));
        assertEquals("big/f204.txt", groups.get(2).get(groups.get(2).size() - 1));
    }
}
