package dev.patchlane.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The four policies side by side with the learned policy against the target, once every run has left its totals. */
final class RoutingReport {

    static final long SEED = 15;
    static final int WAVE = Integer.getInteger("bench.routing.wave", 50);
    static final int WINDOW = 50;
    private static final List<String> POLICIES = List.of("always-deep", "always-fast", "rules", "learned");

    private RoutingReport() {
    }

    static int jobs() {
        return Integer.getInteger("bench.jobs", 1000);
    }

    static int driftJobs() {
        return Integer.getInteger("bench.drift-jobs", 400);
    }

    /** A few decisions of the learned run, as the router wrote them. */
    static void saveSample(List<RoutingRun.JobResult> results) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i : new int[] {0, results.size() / 4, results.size() / 2, results.size() - 1}) {
            lines.add(decision(results.get(i)));
        }
        Files.write(RoutingRun.OUT.resolve("routing-sample.txt"), lines);
    }

    /** Every drift job's first decision, for reading how the policy followed the change. */
    static void saveDriftDecisions(List<RoutingRun.JobResult> results) throws IOException {
        Files.write(RoutingRun.OUT.resolve("routing-drift-decisions.txt"), results.stream().map(RoutingReport::decision).toList());
    }

    private static String decision(RoutingRun.JobResult r) {
        return "job " + (r.job().index() + 1) + " (" + r.job().kind() + ", " + r.job().paths().size() + " file(s), " + r.job().difficulty() + "): "
                + r.firstLane() + ": " + r.reason().replace(RoutingProfile.root().toString(), "<bench>");
    }

    static void writeIfComplete() throws IOException {
        List<RoutingRun.Totals> totals = new ArrayList<>();
        for (String policy : POLICIES) {
            Path file = RoutingRun.OUT.resolve("routing-" + policy + ".tsv");
            if (!Files.exists(file)) {
                return;
            }
            totals.add(RoutingRun.Totals.parse(Files.readString(file).strip()));
        }
        RoutingRun.Totals deep = totals.get(0);
        Bench.Report report = new Bench.Report("routing");
        report.row("corpus", deep.jobs() + " jobs (seed " + SEED + "), submitted " + WAVE + " at a time; machine load " + Bench.loadAverage());
        report.row("policy", "finished on fast | success | total cost | total attempt time | cost, time vs always-deep | exploring");
        for (RoutingRun.Totals t : totals) {
            report.row(t.policy(), String.format(Locale.ROOT, "%s | %s | $%.4f | %.0f s | %s, %s | %d", RoutingRun.pct(t.fastShare()),
                    RoutingRun.pct(t.successRate()), t.costUsd(), t.seconds(), RoutingRun.pct(t.costUsd() / deep.costUsd()),
                    RoutingRun.pct(t.seconds() / deep.seconds()), t.exploring()));
        }
        RoutingRun.Totals learned = totals.get(3);
        double successGap = (deep.successRate() - learned.successRate()) * 100;
        report.row("target: learned on fast >= 70%", RoutingRun.pct(learned.fastShare()) + (learned.fastShare() >= 0.7 ? " (met)" : " (not met)"));
        // fast solves a subset of what deep solves, so no policy keeping deep's success finishes more on fast than always-fast
        report.row("ceiling on fast at always-deep's success", RoutingRun.pct(totals.get(1).fastShare()) + " (always-fast's share: the jobs the fast class solves)");
        report.row("target: success within 2 points of always-deep", String.format(Locale.ROOT, "%+.1f points%s", -successGap,
                successGap <= 2 ? " (met)" : " (not met)"));
        report.row("target: cost <= 40% of always-deep", RoutingRun.pct(learned.costUsd() / deep.costUsd())
                + (learned.costUsd() <= 0.4 * deep.costUsd() ? " (met)" : " (not met)"));
        report.row("target: time <= 40% of always-deep", RoutingRun.pct(learned.seconds() / deep.seconds())
                + (learned.seconds() <= 0.4 * deep.seconds() ? " (met)" : " (not met)"));
        int leaks = totals.stream().mapToInt(RoutingRun.Totals::leaks).sum();
        report.row("simulated failures verification missed", Integer.toString(leaks) + " (must be 0)");
        Path drift = RoutingRun.OUT.resolve("routing-drift.tsv");
        if (Files.exists(drift)) {
            report.note("");
            report.note("Drift: the fast model replaced by v2 (solves 30% / 15% / 5% of easy / medium / hard jobs instead of 88% / 58% / 22%)");
            report.note("window | first attempt fast | first attempt fast, hard repository | mean P(success) in the decisions | fast attempts that succeeded | success | decisions that saw a shift");
            Files.readAllLines(drift).forEach(line -> report.note(line.replace("\t", " | ")));
        }
        Path sample = RoutingRun.OUT.resolve("routing-sample.txt");
        if (Files.exists(sample)) {
            report.note("");
            report.note("Decisions of the learned run, as routed:");
            Files.readAllLines(sample).forEach(line -> report.note("  " + line));
        }
        try {
            report.write();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
