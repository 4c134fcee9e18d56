package dev.patchlane.ingest.dashboard;

import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.Verification;
import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * What an attempt's checks said, for a page.
 *
 * @param verdict VERIFIED, FAILED, NOT_VERIFIED …
 * @param sandbox how the checks were isolated
 * @param summary the one line for people
 * @param checks each check
 */
@TemplateData
public record VerificationView(String verdict, String sandbox, String summary, List<CheckView> checks) {

    public VerificationView {
        checks = List.copyOf(checks);
    }

    /**
     * One check.
     *
     * @param name its declared name
     * @param status how it ended on the patched workspace
     * @param baseline how it ended on the base commit, or {@code -}
     * @param durationMs its wall time
     * @param outputTail the end of its output (untrusted text)
     */
    @TemplateData
    public record CheckView(String name, String status, String baseline, long durationMs, String outputTail) {
    }

    static VerificationView of(Verification verification) {
        if (verification == null) {
            return null;
        }
        return new VerificationView(verification.verdict() == null ? "" : verification.verdict().name(), verification.sandbox(),
                verification.summary(), verification.checks().stream().map(VerificationView::check).toList());
    }

    private static CheckView check(CheckResult check) {
        return new CheckView(check.name(), check.status() == null ? "" : check.status().name(),
                check.baseline() == null ? "-" : check.baseline().name(), check.durationMs(), check.outputTail());
    }
}
