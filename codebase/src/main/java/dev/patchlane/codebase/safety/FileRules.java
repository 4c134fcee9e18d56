package dev.patchlane.codebase.safety;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.InflaterInputStream;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.patch.BinaryHunk;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.FileHeader.PatchType;
import org.eclipse.jgit.util.RawParseUtils;
import org.eclipse.jgit.util.io.BinaryHunkInputStream;

/** The checks on one file section of a patch: its paths, its modes, and binary data. */
final class FileRules {

    private FileRules() {
    }

    /** The paths the section reads or writes: the old one unless it adds a file, the new one unless it deletes one. */
    static List<String> paths(FileHeader file) {
        Set<String> paths = new LinkedHashSet<>();
        if (file.getChangeType() != ChangeType.ADD) {
            paths.add(file.getOldPath());
        }
        if (file.getChangeType() != ChangeType.DELETE) {
            paths.add(file.getNewPath());
        }
        return new ArrayList<>(paths);
    }

    /** The path the section is about, for messages. */
    static String name(FileHeader file) {
        return file.getChangeType() == ChangeType.DELETE ? file.getOldPath() : file.getNewPath();
    }

    static List<Refusal> check(FileHeader file, SafetyPolicy policy) {
        List<Refusal> refusals = new ArrayList<>();
        for (String path : paths(file)) {
            PathRules.check(path, policy).ifPresent(refusals::add);
        }
        String name = name(file);
        if (!isKnown(file.getOldMode()) || !isKnown(file.getNewMode())) {
            refusals.add(new Refusal(RefusalRule.MALFORMED, name, "has a file mode git does not know"));
        }
        if (isLinkOrSubmodule(file.getOldMode()) || isLinkOrSubmodule(file.getNewMode())) {
            refusals.add(new Refusal(RefusalRule.SYMLINK_OR_SUBMODULE, name, "symlinks and submodules may not be created, changed or removed"));
        }
        if (!policy.allowExecutable() && file.getNewMode() == FileMode.EXECUTABLE_FILE && file.getOldMode() != FileMode.EXECUTABLE_FILE) {
            refusals.add(new Refusal(RefusalRule.EXECUTABLE_MODE, name, file.getChangeType() == ChangeType.ADD
                    ? "would be a new executable file" : "would be made executable"));
        }
        if (file.getPatchType() != PatchType.UNIFIED) {
            binaryProblem(file, policy).ifPresent(refusals::add);
        }
        return refusals;
    }

    private static Optional<Refusal> binaryProblem(FileHeader file, SafetyPolicy policy) {
        String name = name(file);
        if (!policy.allowBinary()) {
            return Optional.of(new Refusal(RefusalRule.BINARY_PATCH, name, "binary patches are not accepted"));
        }
        if (file.getChangeType() == ChangeType.DELETE) {
            return Optional.empty();
        }
        BinaryHunk hunk = file.getForwardBinaryHunk();
        if (file.getPatchType() == PatchType.BINARY || hunk == null) {
            return Optional.of(new Refusal(RefusalRule.DOES_NOT_APPLY, name,
                    "the patch says only that the binary file differs; it holds no data to apply"));
        }
        long size;
        try {
            size = resultSize(hunk);
        } catch (IOException | RuntimeException e) {
            return Optional.of(new Refusal(RefusalRule.MALFORMED, name, "the binary data does not decode"));
        }
        if (size > policy.maxPatchBytes()) {
            return Optional.of(new Refusal(RefusalRule.TOO_LARGE, name,
                    "the binary patch would write " + size + " bytes, more than the limit of " + policy.maxPatchBytes()));
        }
        return Optional.empty();
    }

    // A few kilobytes of deflated data can inflate to gigabytes, so the size the hunk promises is checked before applying.
    private static long resultSize(BinaryHunk hunk) throws IOException {
        if (hunk.getType() == BinaryHunk.Type.LITERAL_DEFLATED) {
            return hunk.getSize();
        }
        int start = RawParseUtils.nextLF(hunk.getBuffer(), hunk.getStartOffset());
        try (InputStream delta = new InflaterInputStream(
                new BinaryHunkInputStream(new ByteArrayInputStream(hunk.getBuffer(), start, hunk.getEndOffset() - start)))) {
            readSize(delta);
            return readSize(delta);
        }
    }

    // A git delta starts with the base's size and the result's, each 7 bits a byte, least significant first.
    private static long readSize(InputStream in) throws IOException {
        long size = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the delta ends inside its header");
            }
            size |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return size;
            }
        }
        throw new IOException("the delta header holds an impossible size");
    }

    // JGit reads any octal number as a mode; "100644\r" of a CRLF diff becomes 1006375.
    private static boolean isKnown(FileMode mode) {
        return mode == null || mode == FileMode.MISSING || mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE
                || isLinkOrSubmodule(mode);
    }

    private static boolean isLinkOrSubmodule(FileMode mode) {
        return mode == FileMode.SYMLINK || mode == FileMode.GITLINK;
    }
}
