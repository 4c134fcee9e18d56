package dev.patchlane.sink.progressissue;

import dev.patchlane.sink.config.GitHubRepositories;
import dev.patchlane.sink.config.PublishConfig;
import java.util.Optional;

/** A job's repository as GitHub's {@code owner/name}, the way the GitHub publisher reads it; empty for any other repository. */
final class GitHubNames {

    private final PublishConfig config;

    GitHubNames(PublishConfig config) {
        this.config = config;
    }

    Optional<String> of(String repository) {
        return Optional.ofNullable(config.repositories().get(repository)).flatMap(PublishConfig.RepositoryRoute::githubRepository)
                .or(() -> GitHubRepositories.ownerAndName(repository, GitHubRepositories.host(config.github().gitUrl())));
    }
}
