package dev.patchlane.contracts;

/** What an attempt produced. */
public enum OutcomeResult {
    PATCH_READY,
    /** A structured-output job's JSON document, valid against the job's schema. */
    RESULT_READY,
    NO_CHANGE,
    FAILED
}
