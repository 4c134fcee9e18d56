package dev.patchlane.codebase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/** Writes git-style unified diffs from whole-file changes. */
public final class UnifiedDiff {

    private UnifiedDiff() {
    }

    /** The diff of all changes that alter their file; empty when nothing changes. */
    public static String of(List<FileChange> changes) {
        StringBuilder diff = new StringBuilder();
        for (FileChange change : changes) {
            diff.append(of(change));
        }
        return diff.toString();
    }

    public static String of(FileChange change) {
        String before = change.before() == null ? "" : change.before();
        if (before.equals(change.after())) {
            return "";
        }
        RawText a = new RawText(before.getBytes(StandardCharsets.UTF_8));
        RawText b = new RawText(change.after().getBytes(StandardCharsets.UTF_8));
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                .diff(RawTextComparator.DEFAULT, a, b);
        ByteArrayOutputStream hunks = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(hunks)) {
            formatter.format(edits, a, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String path = change.path();
        StringBuilder header = new StringBuilder("diff --git a/" + path + " b/" + path + "\n");
        if (change.before() == null) {
            header.append("new file mode 100644\n--- /dev/null\n");
        } else {
            header.append("--- a/").append(path).append('\n');
        }
        header.append("+++ b/").append(path).append('\n');
        return header + hunks.toString(StandardCharsets.UTF_8);
    }
}
