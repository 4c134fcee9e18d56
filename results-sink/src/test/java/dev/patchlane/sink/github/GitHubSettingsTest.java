package dev.patchlane.sink.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class GitHubSettingsTest {

    private static final String TOKEN = "ghp_doNotPrintMe123";

    @Test
    void exactlyOneOfTokenAndAppIsRequired() {
        AppCredentials app = new AppCredentials(1, 2, TestKeys.pkcs8Pem());

        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> new GitHubSettings(
                GitHubSettings.GITHUB_COM, Optional.of(TOKEN), Optional.of(app), RateLimitPolicy.defaults()));
        IllegalArgumentException neither = assertThrows(IllegalArgumentException.class, () -> new GitHubSettings(
                GitHubSettings.GITHUB_COM, Optional.empty(), Optional.empty(), RateLimitPolicy.defaults()));

        assertTrue(both.getMessage().contains("exactly one of a token or GitHub App credentials, got both"));
        assertTrue(neither.getMessage().contains("got neither"));
        assertFalse(both.getMessage().contains(TOKEN));
    }

    @Test
    void toStringNeverPrintsTheTokenOrTheKey() {
        String pem = TestKeys.pkcs8Pem();
        String keyLine = pem.lines().skip(1).findFirst().orElseThrow();

        String tokenSettings = GitHubSettings.forToken(GitHubSettings.GITHUB_COM, TOKEN).toString();
        String appSettings = GitHubSettings.forApp(GitHubSettings.GITHUB_COM, new AppCredentials(1, 2, pem)).toString();

        assertFalse(tokenSettings.contains(TOKEN), tokenSettings);
        assertFalse(appSettings.contains(keyLine), appSettings);
        assertTrue(appSettings.contains("appId=1") && appSettings.contains("installationId=2"), appSettings);
    }

    @Test
    void defaultsFollowGitHubsGuidance() {
        assertEquals(new RateLimitPolicy(Duration.ofSeconds(60), 5, Duration.ofMinutes(15), Duration.ofSeconds(1)),
                RateLimitPolicy.defaults());
    }

    @Test
    void aSpecNamesABranchOfTheRepositoryItself() {
        assertThrows(IllegalArgumentException.class,
                () -> new PullRequestSpec("acme/widgets", "fork:branch", "main", "t", "", true, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new PullRequestSpec("widgets", "branch", "main", "t", "", true, List.of()));
        assertEquals(List.of(), new PullRequestSpec("acme/widgets", "b", "main", "t", null, true, null).labels());
    }
}
