package dev.patchlane.codebase.safety;

import dev.patchlane.codebase.PatchRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.HunkHeader;
import org.eclipse.jgit.patch.Patch;

/**
 * Every check on an untrusted patch that needs no repository: size caps, parsing, paths, modes, binary data, clashes,
 * secrets. What needs the repository (symlinks already there, whether it applies, what applying wrote) is
 * {@code Snapshot.apply}'s.
 */
public final class PatchValidator {

    private PatchValidator() {
    }

    /** @throws PatchRejectedException naming every rule the patch breaks */
    public static ValidatedPatch validate(String diff, SafetyPolicy policy) {
        Patch patch = DiffParser.parse(bytesWithinCap(diff, policy));
        List<? extends FileHeader> files = patch.getFiles();
        // Past the caps the patch is refused whole, so a huge patch gets one short answer and no per-file work.
        List<Refusal> caps = new ArrayList<>();
        if (files.size() > policy.maxFiles()) {
            caps.add(Refusal.of(RefusalRule.TOO_MANY_FILES,
                    "the patch changes " + files.size() + " files, more than the limit of " + policy.maxFiles()));
        }
        long lines = changedLines(files);
        if (lines > policy.maxChangedLines()) {
            caps.add(Refusal.of(RefusalRule.TOO_MANY_LINES,
                    "the patch adds and removes " + lines + " lines, more than the limit of " + policy.maxChangedLines()));
        }
        if (!caps.isEmpty()) {
            throw new PatchRejectedException(caps);
        }
        List<Refusal> refusals = new ArrayList<>();
        Set<String> declared = new LinkedHashSet<>();
        boolean binary = false;
        for (FileHeader file : files) {
            refusals.addAll(FileRules.check(file, policy));
            declared.addAll(FileRules.paths(file));
            binary |= file.getPatchType() != FileHeader.PatchType.UNIFIED;
        }
        refusals.addAll(PathClashes.find(files));
        if (policy.scanSecrets()) {
            refusals.addAll(SecretRefusals.of(diff));
        }
        // Not a policy choice: a marker is never the file's real content.
        refusals.addAll(MarkerRefusals.of(diff));
        if (!refusals.isEmpty()) {
            throw new PatchRejectedException(refusals);
        }
        return new ValidatedPatch(patch, List.copyOf(declared), binary);
    }

    // Every character is at least one UTF-8 byte, so an input too long in characters is refused before it is encoded.
    private static byte[] bytesWithinCap(String diff, SafetyPolicy policy) {
        if (diff == null) {
            throw new PatchRejectedException(Refusal.of(RefusalRule.EMPTY, "the patch is empty"));
        }
        if (diff.length() > policy.maxPatchBytes()) {
            throw tooLarge(diff.length() + " characters", policy);
        }
        if (diff.isBlank()) {
            throw new PatchRejectedException(Refusal.of(RefusalRule.EMPTY, "the patch is empty"));
        }
        byte[] bytes = diff.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > policy.maxPatchBytes()) {
            throw tooLarge(bytes.length + " bytes", policy);
        }
        return bytes;
    }

    private static PatchRejectedException tooLarge(String size, SafetyPolicy policy) {
        return new PatchRejectedException(Refusal.of(RefusalRule.TOO_LARGE,
                "the patch is " + size + ", more than the limit of " + policy.maxPatchBytes() + " bytes"));
    }

    private static long changedLines(List<? extends FileHeader> files) {
        long lines = 0;
        for (FileHeader file : files) {
            for (HunkHeader hunk : file.getHunks()) {
                lines += hunk.getOldImage().getLinesAdded() + (long) hunk.getOldImage().getLinesDeleted();
            }
        }
        return lines;
    }
}
