package dev.patchlane.sink.config;

/** The ways a patch can be published. */
public enum PublisherKind {
    PATCH_FILE("patch-file"),
    GIT("git"),
    GITHUB("github");

    private final String label;

    PublisherKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
