package dev.patchlane.app.demo;

import dev.patchlane.contracts.AgentRun;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.Verification;
import dev.patchlane.contracts.VerificationVerdict;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Per lane, what verification said about the demo's patches, what the deep agent did, and the structured results. */
final class VerificationTally {

    private VerificationTally() {
    }

    static String render(Collection<Outcome> outcomes, Collection<JobStatus> statuses) {
        StringBuilder out = new StringBuilder("verification (per attempt that produced a patch):\n");
        for (Lane lane : Lane.values()) {
            List<Outcome> patches = outcomes.stream().filter(o -> o.lane() == lane && o.patch() != null && o.verification() != null).toList();
            long verified = count(patches, VerificationVerdict.VERIFIED);
            long failed = count(patches, VerificationVerdict.FAILED);
            long notVerified = count(patches, VerificationVerdict.NOT_VERIFIED);
            long escalated = patches.stream().filter(o -> o.escalate() && o.verification().failed()).count();
            long alreadyRed = patches.stream().filter(o -> o.verification().checks().stream().anyMatch(c -> c.alreadyFailing())).count();
            String sandboxes = String.join(",", patches.stream().map(o -> o.verification().sandbox()).distinct().sorted().toList());
            out.append(String.format(Locale.ROOT, "  %-4s %d verified, %d failed verification, %d not verified; %d escalated because of a "
                    + "failing check; %d with a check already failing before the patch; sandbox: %s%n", lane.name().toLowerCase(Locale.ROOT),
                    verified, failed, notVerified, escalated, alreadyRed, sandboxes.isEmpty() ? "-" : sandboxes));
        }
        out.append("check phase against decode phase (per verified attempt, same run):\n");
        for (Lane lane : Lane.values()) {
            List<Outcome> checked = outcomes.stream().filter(o -> o.lane() == lane && o.verification() != null && o.verification().durationMs() > 0)
                    .toList();
            if (checked.isEmpty()) {
                continue;
            }
            List<Long> check = checked.stream().map(o -> o.verification().durationMs()).sorted().toList();
            List<Long> decode = checked.stream().map(o -> o.timings().timeToFirstTokenMs() + o.timings().decodeMs()).sorted().toList();
            List<Long> runs = checked.stream().flatMap(o -> o.verification().checks().stream()).map(c -> c.durationMs()).sorted().toList();
            out.append(String.format(Locale.ROOT, "  %-4s %d attempts: checks p50 %d ms, p95 %d ms; decode p50 %d ms, p95 %d ms; checks/decode at p50 %.2f;"
                    + " one check's own run p50 %d ms, p95 %d ms (the rest is waiting for a check slot)%n",
                    lane.name().toLowerCase(Locale.ROOT), checked.size(), DemoSummary.percentile(check, 50), DemoSummary.percentile(check, 95),
                    DemoSummary.percentile(decode, 50), DemoSummary.percentile(decode, 95),
                    DemoSummary.percentile(check, 50) / (double) Math.max(1, DemoSummary.percentile(decode, 50)),
                    DemoSummary.percentile(runs, 50), DemoSummary.percentile(runs, 95)));
        }
        List<AgentRun> runs = outcomes.stream().map(Outcome::agent).filter(Objects::nonNull).toList();
        if (!runs.isEmpty()) {
            List<Integer> turns = runs.stream().map(AgentRun::turns).sorted().toList();
            int steps = runs.stream().mapToInt(r -> r.steps().size()).sum();
            String ends = String.join(", ", runs.stream().map(AgentRun::ended).distinct().sorted().toList());
            out.append(String.format(Locale.ROOT, "deep agent: %d runs, turns p50 %d / max %d, %d tool calls in all; ended: %s%n", runs.size(),
                    turns.get(turns.size() / 2), turns.get(turns.size() - 1), steps, ends));
        }
        long results = outcomes.stream().filter(o -> o.result() == OutcomeResult.RESULT_READY).count();
        long published = statuses.stream()
                .filter(s -> s.state() == JobState.PUBLISHED && s.publication() != null && s.publication().isResult())
                .count();
        long structured = outcomes.stream().filter(o -> o.job().requiresStructuredOutput()).map(o -> o.job().id()).distinct().count();
        out.append(String.format(Locale.ROOT, "structured output: %d jobs, %d documents valid against their schema, %d PUBLISHED as results%n",
                structured, results, published));
        return out.toString();
    }

    private static long count(List<Outcome> outcomes, VerificationVerdict verdict) {
        return outcomes.stream().map(Outcome::verification).map(Verification::verdict).filter(verdict::equals).count();
    }
}
