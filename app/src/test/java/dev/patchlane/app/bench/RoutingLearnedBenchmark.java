package dev.patchlane.app.bench;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.contracts.Lane;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The corpus under the learned policy, from empty statistics; then a drift: the fast model is replaced by one that solves
 * far fewer jobs, and each window of jobs shows the estimate in the decisions following the new rate.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(RoutingProfile.Learned.class)
@EnabledIfSystemProperty(named = Bench.ENABLED, matches = "true")
class RoutingLearnedBenchmark {

    @Test
    void learnedPolicyAndDrift() throws Exception {
        List<RoutingCorpus.CorpusJob> corpus = RoutingCorpus.jobs(RoutingProfile.repositories(), RoutingReport.jobs(), RoutingReport.SEED);
        List<RoutingRun.JobResult> learned = RoutingRun.run(corpus, job -> RoutingCorpus.request(job, "learned", null, "v1", RoutingReport.SEED),
                RoutingReport.WAVE);
        RoutingRun.save(RoutingRun.Totals.of("learned", learned));
        RoutingReport.saveSample(learned);

        int driftJobs = RoutingReport.driftJobs();
        long driftSeed = RoutingReport.SEED + 1;
        List<RoutingCorpus.CorpusJob> drift = RoutingCorpus.jobs(RoutingProfile.repositories(), driftJobs, driftSeed);
        List<RoutingRun.JobResult> after = RoutingRun.run(drift, job -> RoutingCorpus.request(job, "drift", null, "v2", driftSeed), RoutingReport.WAVE / 2);
        RoutingReport.saveDriftDecisions(after);
        List<String> lines = new ArrayList<>();
        List<RoutingRun.JobResult> before = learned.subList(Math.max(0, learned.size() - RoutingReport.WINDOW), learned.size());
        lines.add(window("last " + before.size() + " jobs before (fast model v1)", before));
        for (int start = 0; start < after.size(); start += RoutingReport.WINDOW) {
            List<RoutingRun.JobResult> slice = after.subList(start, Math.min(after.size(), start + RoutingReport.WINDOW));
            lines.add(window("jobs " + (start + 1) + "-" + (start + slice.size()) + " after (v2)", slice));
        }
        Files.write(RoutingRun.OUT.resolve("routing-drift.tsv"), lines);
        RoutingReport.writeIfComplete();
    }

    private static String window(String label, List<RoutingRun.JobResult> jobs) {
        List<Double> estimates = jobs.stream().map(RoutingRun.JobResult::estimate).filter(Objects::nonNull).toList();
        long fastAttempts = jobs.stream().filter(j -> j.firstLane() == Lane.FAST).count();
        long fastSolved = jobs.stream().filter(RoutingRun.JobResult::finishedOnFast).count();
        List<RoutingRun.JobResult> hard = jobs.stream().filter(j -> j.job().repository().endsWith(RoutingCorpus.HARD_REPOSITORY)).toList();
        String hardFast = hard.isEmpty() ? "-" : RoutingRun.pct(hard.stream().filter(j -> j.firstLane() == Lane.FAST).count() / (double) hard.size())
                + " of " + hard.size();
        return String.join("\t", label, RoutingRun.pct(fastAttempts / (double) jobs.size()), hardFast,
                estimates.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f (%d decisions)", estimates.stream().mapToDouble(d -> d).average().orElse(0), estimates.size()),
                fastAttempts == 0 ? "-" : RoutingRun.pct(fastSolved / (double) fastAttempts), RoutingRun.pct(
                        jobs.stream().filter(RoutingRun.JobResult::success).count() / (double) jobs.size()),
                Long.toString(jobs.stream().filter(j -> j.reason().contains("; a shift:")).count()));
    }

}
