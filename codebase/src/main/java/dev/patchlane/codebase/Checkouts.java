package dev.patchlane.codebase;

import org.eclipse.jgit.lib.ObjectReader;

/**
 * What an on-disk checkout ({@code dev.patchlane.codebase.workspace.Checkout}) may use of a snapshot's mirror: a reader of
 * its objects, which can neither write objects nor touch refs, a work tree or an index.
 */
public final class Checkouts {

    private Checkouts() {
    }

    /** A reader of the snapshot's objects (its commits, trees and blobs, and those of patches applied to it); close it. */
    public static ObjectReader newReader(Snapshot snapshot) {
        return snapshot.repository().newObjectReader();
    }
}
