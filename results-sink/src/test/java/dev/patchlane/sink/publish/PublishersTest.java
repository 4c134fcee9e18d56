package dev.patchlane.sink.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.sink.config.PublishConfig;
import dev.patchlane.sink.config.PublisherKind;
import dev.patchlane.sink.github.Sleeper;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which publishers a job gets, read through the real configuration mapping. */
class PublishersTest {

    @TempDir
    Path tmp;

    private static PublishConfig config(Map<String, String> properties) {
        // Quarkus's duration syntax ("15m"), as the application reads it.
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(PublishConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(PublishConfig.class);
    }

    private static Job job(String repository, String sourceType) {
        return new Job(Job.SCHEMA_VERSION, "00000000-0000-0000-0000-000000000001", JobKind.LINT_FIX, repository, "main", List.of("a.txt"),
                "Fix.", null, null, new JobSource(sourceType, "someone", null), "key", Instant.EPOCH);
    }

    @Test
    void theRepositoryDecidesThenTheSourceThenTheDefault() {
        PublishConfig config = config(Map.of(
                "patchlane.publish.repositories.\"https://github.com/acme/app.git\".targets", "github,patch-file",
                "patchlane.publish.sources.ci-bot.targets", "patch-file",
                "patchlane.publish.github.token-env", "NO_SUCH_VARIABLE_IS_SET"));
        Publishers publishers = new Publishers(config, tmp, Sleeper.real(), name -> null);

        assertEquals(List.of(PublisherKind.GITHUB, PublisherKind.PATCH_FILE),
                publishers.kindsFor(job("https://github.com/acme/app.git", "ci-bot")));
        assertEquals(List.of(PublisherKind.PATCH_FILE), publishers.kindsFor(job("/srv/repo", "ci-bot")));
        assertEquals(List.of(PublisherKind.PATCH_FILE, PublisherKind.GIT), publishers.kindsFor(job("/srv/repo", "github")));
    }

    @Test
    void gitHubWithoutATokenOrAnAppIsAClearErrorNamingTheVariable() {
        PublishConfig config = config(Map.of("patchlane.publish.targets", "github", "patchlane.publish.github.token-env", "PL_TEST_TOKEN"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Publishers(config, tmp, Sleeper.real(), name -> null));
        assertTrue(e.getMessage().contains("$PL_TEST_TOKEN"), e.getMessage());
    }

    @Test
    void anAppNeedsAllThreeSettings() {
        PublishConfig config = config(Map.of("patchlane.publish.targets", "github", "patchlane.publish.github.app.id", "1"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Publishers(config, tmp, Sleeper.real(), name -> null));
        assertTrue(e.getMessage().contains("installation-id"), e.getMessage());
    }
}
