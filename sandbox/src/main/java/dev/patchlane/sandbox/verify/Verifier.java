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
import java.util.stream.Collectors;

/**
 * Runs a repository's declared checks on a patched workspace and judges the patch: a check that fails is run on the
 * unpatched base too (once per base commit, cached), so a check that was already red is reported as such, not blamed
 * on the patch.
 */
public final class Verifier {

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
            return nothingDeclared(sandbox, checks);
        }
        if (!runner.canRun(mode)) {
            List<CheckResult> refused = checks.checks().stream().map(check -> runner.run(check, patched, mode, null)).toList();
            return new Verification(VerificationVerdict.NOT_VERIFIED, sandbox, refused, "not verified: " + runner.refusal());
        }
        List<CheckResult> results = new ArrayList<>();
        for (CheckDeclaration check : checks.checks()) {
            results.add(runner.run(check, patched, mode, null));
        }
        if (results.stream().anyMatch(r -> !r.status().passed())) {
            Map<String, CheckStatus> baseline = baselines.get(baseKey + "|" + checks.digest() + "|" + mode,
                    () -> runBaseline(checks, mode, baseWorkspace));
            results = results.stream()
                    .map(r -> r.status().passed() ? r : withBaseline(r, baseline.get(r.name())))
                    .toList();
        }
        return judge(sandbox, results);
    }

    public static Verification nothingDeclared(String sandbox, DeclaredChecks checks) {
        return Verification.notVerified(sandbox, "no checks are declared for this repository (" + checks.origin() + ")");
    }

    private Map<String, CheckStatus> runBaseline(DeclaredChecks checks, SandboxMode mode, Supplier<BaseWorkspace> baseWorkspace) {
        Map<String, CheckStatus> statuses = new HashMap<>();
        try (BaseWorkspace base = baseWorkspace.get()) {
            for (CheckDeclaration check : checks.checks()) {
                statuses.put(check.name(), runner.run(check, base.directory(), mode, null).status());
            }
        }
        return statuses;
    }

    private static CheckResult withBaseline(CheckResult result, CheckStatus baseline) {
        return new CheckResult(result.name(), result.command(), result.status(), result.exitCode(), result.durationMs(), result.outputTail(),
                result.reason(), baseline);
    }

    static Verification judge(String sandbox, List<CheckResult> results) {
        List<String> broken = results.stream().filter(CheckResult::brokenByPatch).map(CheckResult::name).toList();
        List<String> alreadyFailing = results.stream().filter(CheckResult::alreadyFailing).map(CheckResult::name).toList();
        String passed = results.stream().filter(r -> r.status().passed()).map(CheckResult::name).collect(Collectors.joining(", "));
        StringBuilder summary = new StringBuilder();
        if (!passed.isEmpty()) {
            summary.append("passed: ").append(passed);
        }
        if (!alreadyFailing.isEmpty()) {
            summary.append(summary.isEmpty() ? "" : "; ").append("already failing before the patch: ").append(String.join(", ", alreadyFailing));
        }
        if (!broken.isEmpty()) {
            summary.append(summary.isEmpty() ? "" : "; ").append("broken by the patch: ").append(String.join(", ", broken));
        }
        VerificationVerdict verdict = broken.isEmpty() ? VerificationVerdict.VERIFIED : VerificationVerdict.FAILED;
        return new Verification(verdict, sandbox, results, summary.toString());
    }

    /** A checkout of the unpatched base, deleted on close. */
    public interface BaseWorkspace extends AutoCloseable {
        Path directory();

        @Override
        void close();
    }
}
