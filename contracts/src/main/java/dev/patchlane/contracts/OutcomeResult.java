package dev.patchlane.contracts;

/** What an attempt produced. */
public enum OutcomeResult {
    PATCH_READY,
    NO_CHANGE,
    FAILED
}
