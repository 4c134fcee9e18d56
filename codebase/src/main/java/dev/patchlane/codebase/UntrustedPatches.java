package dev.patchlane.codebase;

import dev.patchlane.codebase.safety.Refusal;
import dev.patchlane.codebase.safety.RefusalRule;
import dev.patchlane.codebase.safety.ValidatedPatch;
import java.io.IOException;
import org.eclipse.jgit.errors.DirCacheNameConflictException;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.PatchApplier;
import org.eclipse.jgit.revwalk.RevTree;

/** JGit's patch applier on a validated but still untrusted patch: whatever JGit throws on it is the patch's fault. */
public final class UntrustedPatches {

    private UntrustedPatches() {
    }

    /** Applies the patch to {@code base} in memory; the result's tree is not yet checked against the policy. */
    public static PatchApplier.Result apply(Repository repository, RevTree base, ObjectInserter inserter, ValidatedPatch validated)
            throws IOException {
        try {
            return new PatchApplier(repository, base, inserter).applyPatch(validated.patch());
        } catch (DirCacheNameConflictException e) {
            throw new PatchRejectedException(new Refusal(RefusalRule.PATH_CLASH, e.getMessage(), "a file and a directory would share a path"));
        } catch (RuntimeException e) {
            throw doesNotApply(e);
        } catch (IOException e) {
            // Binary data is only decoded here, and JGit reports data it cannot decode as an IOException.
            if (validated.binary()) {
                throw doesNotApply(e);
            }
            throw e;
        }
    }

    // The class and message say what JGit objected to.
    public static PatchRejectedException doesNotApply(Exception e) {
        return new PatchRejectedException(Refusal.of(RefusalRule.DOES_NOT_APPLY, "JGit cannot apply the patch: "
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")));
    }
}
