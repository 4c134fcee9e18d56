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

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
        "https://github.com/acme/app/issues/12, 12",
        "https://github.com/acme/app/issues/12#issuecomment-99, 12",
        "https://github.com/acme/app/pull/7, 7",
        "https://github.com/acme/app/pull/7#issuecomment-99, 7",
        "https://github.com/Acme/App/issues/3, 3",
        "https://github.com/acme/app/runs/5, none",
        "https://github.com/acme/other/issues/12, none",
        "https://github.com.evil.example/acme/app/issues/12, none",
        "https://user@github.com/acme/app/issues/12, none",
        "http://github.com/acme/app/issues/12, none",
        "https://github.com/acme/app/issues/0, none",
        "https://github.com/acme/app/issues/99999999999, none",
        "https://github.com/acme/app/issues/12/../../../other/issues/1, none",
        "none, none"})
    void issueNumber(String reference, Integer expected) {
        java.util.OptionalInt number = GitHubRepositories.issueNumber(reference, "github.com", "acme/app");
        assertEquals(expected == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(expected), number);
    }
}
