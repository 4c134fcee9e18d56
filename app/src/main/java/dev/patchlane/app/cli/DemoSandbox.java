package dev.patchlane.app.cli;

import dev.patchlane.sandbox.BwrapDetection;
import dev.patchlane.sandbox.BwrapRunner;
import java.util.List;

/** Where the demo's checks run, said out loud: in bwrap, or, only for the demo's own generated repository, unsandboxed. */
final class DemoSandbox {

    private DemoSandbox() {
    }

    static String configure(String repository, boolean generated) {
        BwrapDetection detection = BwrapRunner.probe(List.of());
        if (detection.isAvailable()) {
            return "demo: repository checks run in the bwrap sandbox (no network, only the workspace writable)";
        }
        if (!generated) {
            return "demo: " + detection.unavailableReason() + "; the checks of " + repository
                    + " will be refused and its patches published as not verified (install bubblewrap to verify them)";
        }
        System.setProperty("patchlane.verify.repositories.\"" + repository + "\".sandbox", "none");
        System.setProperty("patchlane.verify.repositories.\"" + repository + "\".trust-repository-checks", "true");
        return "demo: " + detection.unavailableReason() + "; the demo's own generated repository runs its checks WITHOUT a sandbox "
                + "(sandbox: none for " + repository + " only; install bubblewrap to sandbox them)";
    }
}
