package dev.patchlane.contracts;

import java.util.List;

/**
 * What was checked before a patch was called ready, and how.
 *
 * @param verdict the conclusion
 * @param sandbox how the checks were isolated: {@code bwrap}, {@code none} (an operator's explicit opt-out), or
 *     {@code unavailable}
 * @param checks every check's result, in declared order
 * @param summary one line for people: what passed, what failed, what was already failing, or why nothing ran
 * @param durationMs wall time of the whole check phase: checkouts, the checks, and the base commit's run when it was needed
 */
public record Verification(VerificationVerdict verdict, String sandbox, List<CheckResult> checks, String summary, long durationMs) {

    public Verification {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    public Verification(VerificationVerdict verdict, String sandbox, List<CheckResult> checks, String summary) {
        this(verdict, sandbox, checks, summary, 0);
    }

    public Verification took(long millis) {
        return new Verification(verdict, sandbox, checks, summary, millis);
    }

    public static Verification notVerified(String sandbox, String why) {
        return new Verification(VerificationVerdict.NOT_VERIFIED, sandbox, List.of(), why);
    }

    public boolean failed() {
        return verdict == VerificationVerdict.FAILED;
    }

    /** The checks the patch broke. */
    public List<CheckResult> broken() {
        return checks.stream().filter(CheckResult::brokenByPatch).toList();
    }
}
