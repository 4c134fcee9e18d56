package dev.patchlane.sink.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A job's repository names a GitHub repository only on the configured GitHub host. */
class GitHubRepositoriesTest {

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
        "acme/app, acme/app",
        "https://github.com/acme/app.git, acme/app",
        "https://github.com/acme/app, acme/app",
        "git@github.com:acme/app.git, acme/app",
        "ssh://git@github.com/acme/app.git, acme/app",
        "https://GitHub.com/acme/app.git, acme/app",
        "https://elsewhere.example/acme/app.git, none",
        "https://github.com.evil.example/acme/app.git, none",
        "https://user:token@github.com/acme/app.git, none",
        "/srv/checkouts/app, none",
        "acme/../app, none",
        "acme/app/extra, none"})
    void ownerAndName(String repository, String expected) {
        assertEquals(Optional.ofNullable(expected), GitHubRepositories.ownerAndName(repository, GitHubRepositories.host("https://github.com/{repository}.git")));
    }
}
