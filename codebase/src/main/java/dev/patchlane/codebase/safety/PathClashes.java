package dev.patchlane.codebase.safety;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.eclipse.jgit.patch.FileHeader;

/**
 * File sections that would fight over one path: the same path twice (or two spellings a case-insensitive file system
 * takes for one), or a file where another section puts a directory.
 */
final class PathClashes {

    private PathClashes() {
    }

    static List<Refusal> find(List<? extends FileHeader> files) {
        List<Refusal> refusals = new ArrayList<>();
        Map<String, String> named = new HashMap<>();
        Set<String> written = new HashSet<>();
        for (FileHeader file : files) {
            Map<String, String> own = new LinkedHashMap<>();
            for (String path : FileRules.paths(file)) {
                if (path != null) {
                    // A rename that changes only case names one file twice, and is no clash.
                    own.putIfAbsent(PathRules.fold(path), path);
                }
            }
            for (Map.Entry<String, String> entry : own.entrySet()) {
                String path = entry.getValue();
                String earlier = named.putIfAbsent(entry.getKey(), path);
                if (earlier != null) {
                    refusals.add(new Refusal(RefusalRule.PATH_CLASH, path, earlier.equals(path)
                            ? "is named by more than one file section"
                            : "and " + earlier + " are one file where case is ignored (macOS, Windows)"));
                }
            }
            if (file.getChangeType() != ChangeType.DELETE && file.getNewPath() != null) {
                written.add(PathRules.fold(file.getNewPath()));
            }
        }
        for (FileHeader file : files) {
            String path = file.getNewPath();
            if (file.getChangeType() == ChangeType.DELETE || path == null) {
                continue;
            }
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                if (written.contains(PathRules.fold(path.substring(0, slash)))) {
                    refusals.add(new Refusal(RefusalRule.PATH_CLASH, path,
                            "a file and a directory would share the path " + path.substring(0, slash)));
                    break;
                }
            }
        }
        return refusals;
    }
}
