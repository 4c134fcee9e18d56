package dev.patchlane.contracts;

/** The two worker lanes: a speed-first decoder and a reasoning decoder. */
public enum Lane {
    FAST,
    DEEP
}
