package dev.patchlane.app.support;

import dev.patchlane.app.demo.DemoPlans;
import dev.patchlane.app.demo.PreparedDemo;
import dev.patchlane.sandbox.BwrapRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One prepared sample repository, data directory and emulator script per test JVM, shared by the test resources. */
public final class TestPipeline {

    public static final String WEBHOOK_SECRET = "It's a Secret to Everybody";

    private static PreparedDemo prepared;
    private static Path dataDir;

    private TestPipeline() {
    }

    public static synchronized PreparedDemo prepared() {
        if (prepared == null) {
            try {
                dataDir = Files.createTempDirectory("patchlane-test-");
                prepared = DemoPlans.prepare(dataDir, null, "HEAD", 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return prepared;
    }

    public static synchronized Path dataDir() {
        prepared();
        return dataDir;
    }

    /** The configuration every pipeline test runs with, apart from where Kafka is. */
    public static Map<String, String> config() {
        PreparedDemo demo = prepared();
        Map<String, String> config = new HashMap<>();
        config.put("patchlane.data-dir", dataDir().toString());
        // The tests' repositories live under the temp directory (the data dir, @TempDir fixtures); nothing else is allowed.
        config.put("patchlane.repositories.allow-local", System.getProperty("java.io.tmpdir"));
        config.put("patchlane.emulator.script", demo.scriptFile().toString());
        // The deep lane keeps its character (slow, reasoning) but tests need not wait a real minute for it.
        config.put("patchlane.lane.deep.emulator.tokens-per-second", "700");
        config.put("patchlane.lane.deep.emulator.time-to-first-token", "200ms");
        // The scenarios count exact outcomes; FastLaneFaultsTest covers the injected faults.
        config.put("patchlane.lane.fast.emulator.faults.malformed-structured-output", "0");
        config.putAll(Tokens.config());
        // The webhook's jobs belong to the tenant the tests read with by default (Tokens.ACME).
        config.put("patchlane.webhooks.github.tenant", "acme");
        config.put("patchlane.webhooks.github.secret", WEBHOOK_SECRET);
        // A moving base is scanned at most once per interval; tests wait for the second scan of a burst.
        config.put("patchlane.rebase.interval", "2s");
        config.put("patchlane.webhooks.github.api-url", GithubApiStub.instance().url());
        config.put("patchlane.webhooks.github.clone-urls.\"" + Widgets.FULL_NAME + "\"", Widgets.repository(dataDir()).dir().toString());
        config.putAll(GitHubRepository.instance(dataDir()).config());
        // GitHub jobs on acme/service (the stub's repository) get a check run; others name no GitHub repository.
        config.put("patchlane.webhooks.github.clone-urls.\"" + GitHubRepository.FULL_NAME + "\"", GitHubRepository.instance(dataDir()).dir().toString());
        config.put("patchlane.publish.github.checks.enabled", "true");
        // The pipeline tests assert the rules' routes; learning from the outcomes of the tests run before would move them.
        config.put("patchlane.router.learning.enabled", "false");
        config.put("patchlane.publish.github.checks.public-base-url", "http://patchlane.test");
        config.putAll(MigrationRepositories.instance(dataDir()).config());
        if (!BwrapRunner.probe(List.of()).isAvailable()) {
            // as the demo does: only the tests' own generated repository may run its checks unsandboxed
            String repository = demo.plan().repository().toAbsolutePath().toString();
            config.put("patchlane.verify.repositories.\"" + repository + "\".sandbox", "none");
            config.put("patchlane.verify.repositories.\"" + repository + "\".trust-repository-checks", "true");
        }
        return config;
    }
}
