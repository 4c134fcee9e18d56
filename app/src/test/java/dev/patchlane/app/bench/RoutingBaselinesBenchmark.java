package dev.patchlane.app.bench;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.contracts.Lane;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The corpus under three fixed policies: always deep, always fast then deep on failure, and today's rules. */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(RoutingProfile.Baselines.class)
@EnabledIfSystemProperty(named = Bench.ENABLED, matches = "true")
class RoutingBaselinesBenchmark {

    @Test
    void fixedPolicies() throws Exception {
        List<RoutingCorpus.CorpusJob> corpus = RoutingCorpus.jobs(RoutingProfile.repositories(), RoutingReport.jobs(), RoutingReport.SEED);
        run("always-deep", corpus, Lane.DEEP);
        run("always-fast", corpus, Lane.FAST);
        run("rules", corpus, null);
        RoutingReport.writeIfComplete();
    }

    private static void run(String policy, List<RoutingCorpus.CorpusJob> corpus, Lane hint) throws Exception {
        List<RoutingRun.JobResult> results = RoutingRun.run(corpus, job -> RoutingCorpus.request(job, policy, hint, "v1", RoutingReport.SEED),
                RoutingReport.WAVE);
        RoutingRun.save(RoutingRun.Totals.of(policy, results));
    }
}
