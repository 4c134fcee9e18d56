package dev.patchlane.sandbox.verify;

import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.contracts.Verification;
import dev.patchlane.contracts.VerificationVerdict;
import dev.patchlane.sandbox.checks.CheckDeclaration;
import dev.patchlane.sandbox.checks.DeclaredChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a repository's declared checks on the unpatched base (once per base commit, cached) and on a patched workspace,
 * and judges the patch: a check that was already red is reported as such, not blamed on the patch.
 */
public final class Verifier {

    /** The sandbox label of a verification in which no command ran. */
    public static final String NOT_RUN = "not-run";

    private final CheckRunner runner;
    private final BaselineCache baselines;

    public Verifier(CheckRunner runner, BaselineCache baselines) {
        this.runner = runner;
        this.baselines = baselines;
    }

    public CheckRunner runner() {
        return runner;
    }

    /**
     * @param patched the workspace holding the patched files
     * @param checks what the repository declares
     * @param mode how its commands may run
     * @param baseKey the base commit and repository, for the baseline cache
     * @param baseWorkspace makes a fresh checkout of the unpatched base, only called when a baseline is needed; the
     *     caller's {@link BaseWorkspace#close} deletes it
     */
    public Verification verify(Path patched, DeclaredChecks checks, SandboxMode mode, String baseKey, Supplier<BaseWorkspace> baseWorkspace) {
        String sandbox = runner.sandboxLabel(mode);
        if (checks.isEmpty()) {
            return nothingDeclared(checks);
        }
        if (!runner.canRun(mode)) {
            List<CheckResult> refused = runner.runAll(checks.checks(), patched, mode, name -> null);
            return new Verification(VerificationVerdict.NOT_VERIFIED, sandbox, refused, "not verified: " + runner.refusal());
        }
        // the base first: once per base commit, and ahead of the patches that queue for check slots after it
        Map<String, CheckStatus> baseline = baselines.get(baseKey + "|" + checks.digest() + "|" + mode,
                () -> runBaseline(checks, mode, baseWorkspace), Verifier::conclusive);
        List<CheckResult> results = runner.runAll(checks.checks(), patched, mode, baseline::get);
        return judge(sandbox, results);
    }

    public static Verification nothingDeclared(DeclaredChecks checks) {
        return Verification.notVerified(NOT_RUN, "no checks are declared for this repository (" + checks.origin() + ")");
    }

    // A baseline worth keeping: every check ran to its end; a timeout or a start failure may not happen again.
    private static boolean conclusive(Map<String, CheckStatus> baseline) {
        return baseline.values().stream().allMatch(status -> status == CheckStatus.PASSED || status == CheckStatus.FAILED);
    }

    private Map<String, CheckStatus> runBaseline(DeclaredChecks checks, SandboxMode mode, Supplier<BaseWorkspace> baseWorkspace) {
        Map<String, CheckStatus> statuses = new HashMap<>();
        try (BaseWorkspace base = baseWorkspace.get()) {
            runner.runAll(checks.checks(), base.directory(), mode, name -> null).forEach(result -> statuses.put(result.name(), result.status()));
        }
        return statuses;
    }

    static Verification judge(String sandbox, List<CheckResult> results) {
        List<String> passed = names(results, r -> r.status().passed());
        List<String> alreadyFailing = names(results, CheckResult::alreadyFailing);
        List<String> inconclusive = names(results, CheckResult::inconclusive);
        List<String> broken = names(results, CheckResult::brokenByPatch);
        List<String> parts = new ArrayList<>();
        part(parts, "passed: ", passed);
        part(parts, "already failing before the patch: ", alreadyFailing);
        part(parts, "inconclusive (did not run to its end with the patch or on the base commit): ", inconclusive);
        part(parts, "broken by the patch: ", broken);
        String summary = String.join("; ", parts);
        if (!broken.isEmpty()) {
            return new Verification(VerificationVerdict.FAILED, sandbox, results, summary);
        }
        if (passed.isEmpty()) {
            // nothing passed, so nothing about the patch was shown to work
            return new Verification(VerificationVerdict.NOT_VERIFIED, sandbox, results, "no check passed: " + summary);
        }
        return new Verification(inconclusive.isEmpty() ? VerificationVerdict.VERIFIED : VerificationVerdict.NOT_VERIFIED, sandbox, results, summary);
    }

    private static List<String> names(List<CheckResult> results, java.util.function.Predicate<CheckResult> filter) {
        return results.stream().filter(filter).map(CheckResult::name).toList();
    }

    private static void part(List<String> parts, String label, List<String> names) {
        if (!names.isEmpty()) {
            parts.add(label + String.join(", ", names));
        }
    }

    /** A checkout of the unpatched base, deleted on close. */
    public interface BaseWorkspace extends AutoCloseable {
        Path directory();

        @Override
        void close();
    }
}
