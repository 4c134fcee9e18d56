package dev.patchlane.app.bench;

import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.sandbox.BwrapRunner;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every role in one process, both lanes emulated at the decode speeds the lanes are sized for (fast 1,000 tok/s, deep
 * 70 tok/s, each turn of its agent loop) with shortened times to the first token (50 ms, 400 ms), enough deep streams
 * that the deep lane is not the queue, patches to files only. Each policy's process has its own statistics topic, so one run's
 * outcomes never teach another.
 */
abstract class RoutingProfile implements QuarkusTestProfile {

    static Path root() {
        return TestPipeline.dataDir().resolve("routing-bench");
    }

    static List<Path> repositories() {
        try {
            return RoutingCorpus.repositories(root());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    abstract boolean learning();

    abstract String name();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("patchlane.router.learning.enabled", Boolean.toString(learning()));
        config.put("patchlane.topic.routing-stats", "bench.routing.stats." + name());
        config.put("patchlane.lane.fast.emulator.time-to-first-token", "50ms");
        config.put("patchlane.lane.fast.emulator.tokens-per-second", "1000");
        config.put("patchlane.lane.deep.emulator.time-to-first-token", "400ms");
        config.put("patchlane.lane.deep.emulator.tokens-per-second", "70");
        config.put("patchlane.lane.deep.emulator.concurrent-streams", "64");
        config.put("patchlane.lane.deep.emulator.min-batch", "1");
        config.put("smallrye.messaging.worker.deep-lane.max-concurrency", "32");
        config.put("patchlane.publish.targets", "patch-file");
        config.put("patchlane.quotas.max-in-flight", "10000000");
        if (!BwrapRunner.probe(List.of()).isAvailable()) {
            for (Path repo : repositories()) {
                config.put("patchlane.verify.repositories.\"" + repo.toAbsolutePath() + "\".sandbox", "none");
                config.put("patchlane.verify.repositories.\"" + repo.toAbsolutePath() + "\".trust-repository-checks", "true");
            }
        }
        return config;
    }

    public static class Baselines extends RoutingProfile {
        @Override
        boolean learning() {
            return false;
        }

        @Override
        String name() {
            return "baselines";
        }
    }

    public static class Learned extends RoutingProfile {
        @Override
        boolean learning() {
            return true;
        }

        @Override
        String name() {
            return "learned";
        }
    }
}
