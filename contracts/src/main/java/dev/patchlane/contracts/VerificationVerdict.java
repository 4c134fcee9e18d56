package dev.patchlane.contracts;

/** What verification concluded about a patch or a result. */
public enum VerificationVerdict {
    /** Every declared check passed, or failed only where it already failed on the base commit. */
    VERIFIED,
    /** At least one check the base commit passed fails with the patch. */
    FAILED,
    /** Nothing was checked: no checks are declared, or they could not run (the summary says why). */
    NOT_VERIFIED
}
