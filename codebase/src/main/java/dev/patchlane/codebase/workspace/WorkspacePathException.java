package dev.patchlane.codebase.workspace;

import dev.patchlane.codebase.PatchRejectedException;
import dev.patchlane.codebase.safety.Refusal;

/**
 * A tool call on a checkout that was refused: its path breaks a path rule, or the file is not one the call may read or
 * write. It is a {@link PatchRejectedException} so that a caller handles a refused edit and a refused patch alike.
 */
public final class WorkspacePathException extends PatchRejectedException {

    private final Refusal refusal;

    public WorkspacePathException(Refusal refusal) {
        super(refusal);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
