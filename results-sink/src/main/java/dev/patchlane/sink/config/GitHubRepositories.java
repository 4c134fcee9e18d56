package dev.patchlane.sink.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads GitHub's {@code owner/name} from the ways a job can name a repository. */
public final class GitHubRepositories {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}");
    private static final Pattern URL = Pattern.compile("^(?:https://[^/]+/|ssh://git@[^/]+/|git@[^:]+:)([^/]+/[^/]+?)(?:\\.git)?/?$");

    private GitHubRepositories() {
    }

    /** {@code owner/name} from {@code owner/name}, an HTTPS or SSH clone URL, or empty when it is none of those. */
    public static Optional<String> ownerAndName(String repository) {
        String candidate = repository;
        Matcher url = URL.matcher(repository);
        if (url.matches()) {
            candidate = url.group(1);
        }
        return NAME.matcher(candidate).matches() && !candidate.endsWith("/.") && !candidate.endsWith("/..")
                ? Optional.of(candidate) : Optional.empty();
    }
}
