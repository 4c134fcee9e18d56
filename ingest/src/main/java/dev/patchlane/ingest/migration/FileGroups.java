package dev.patchlane.ingest.migration;

import dev.patchlane.codebase.Snapshot;
import dev.patchlane.contracts.MigrationManifest.Granularity;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams a repository's matching files as the groups that become jobs, holding at most one directory's listing and
 * one group at a time, so a repository of any size fans out in bounded memory.
 */
final class FileGroups {

    /** The most files in one job, as the job schema allows. */
    static final int MAX_GROUP = 200;

    private FileGroups() {
    }

    static void forEach(Snapshot snapshot, FileGlobs globs, Granularity granularity, Consumer<List<String>> groups) {
        int size = switch (granularity.unit()) {
            case FILE -> 1;
            case FILES -> granularity.size() == null ? 10 : Math.min(granularity.size(), MAX_GROUP);
            case DIRECTORY -> MAX_GROUP;
        };
        List<String> pending = new ArrayList<>(size);
        snapshot.forEachDirectory((directory, files) -> {
            for (String file : files) {
                if (!globs.matches(file)) {
                    continue;
                }
                pending.add(file);
                if (pending.size() == size) {
                    groups.accept(List.copyOf(pending));
                    pending.clear();
                }
            }
            if (granularity.unit() == Granularity.Unit.DIRECTORY && !pending.isEmpty()) {
                groups.accept(List.copyOf(pending));
                pending.clear();
            }
        });
        if (!pending.isEmpty()) {
            groups.accept(List.copyOf(pending));
        }
    }
}
