package dev.patchlane.sandbox;

import java.util.List;

/** Kills a launched process and everything it started that is still its descendant. */
final class ProcessTree {

    private ProcessTree() {
    }

    static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
