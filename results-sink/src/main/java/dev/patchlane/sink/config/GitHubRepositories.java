package dev.patchlane.sink.config;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads GitHub's {@code owner/name} from the ways a job can name a repository. */
public final class GitHubRepositories {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}");
    private static final Pattern URL = Pattern.compile("^(?:https://([^/@]+)/|ssh://git@([^/]+)/|git@([^:]+):)([^/]+/[^/]+?)(?:\\.git)?/?$");

    private static final Pattern ISSUE = Pattern.compile("^https://([^/@:]+)/([^/]+/[^/]+)/(?:issues|pull)/([1-9][0-9]{0,9})/?(?:[?#].*)?$");

    private static final Pattern URL_HOST = Pattern.compile("^[a-z][a-z0-9+.-]*://(?:[^@/]*@)?([^/:]+)");

    private GitHubRepositories() {
    }

    /**
     * {@code owner/name} from {@code owner/name}, or from an HTTPS or SSH clone URL on {@code host}; empty otherwise, so
     * a job naming {@code https://elsewhere.example/acme/app} is never published to GitHub's {@code acme/app}.
     */
    public static Optional<String> ownerAndName(String repository, String host) {
        String candidate = repository;
        Matcher url = URL.matcher(repository);
        if (url.matches()) {
            String urlHost = url.group(1) != null ? url.group(1) : url.group(2) != null ? url.group(2) : url.group(3);
            if (!urlHost.equalsIgnoreCase(host)) {
                return Optional.empty();
            }
            candidate = url.group(4);
        }
        return NAME.matcher(candidate).matches() && !candidate.endsWith("/.") && !candidate.endsWith("/..")
                ? Optional.of(candidate) : Optional.empty();
    }

    /**
     * The issue or pull request a webhook job's reference links to ({@code https://<host>/<owner>/<name>/issues/12},
     * {@code .../pull/12}, either with a {@code #issuecomment-…} anchor), when it is on {@code host} and in
     * {@code repository} ("owner/name"); empty otherwise, so a job never has the bot comment on a repository other than
     * its own.
     */
    public static OptionalInt issueNumber(String reference, String host, String repository) {
        if (reference == null || repository == null) {
            return OptionalInt.empty();
        }
        Matcher issue = ISSUE.matcher(reference);
        if (!issue.matches() || !issue.group(1).equalsIgnoreCase(host) || !issue.group(2).equalsIgnoreCase(repository)) {
            return OptionalInt.empty();
        }
        long number = Long.parseLong(issue.group(3));
        return number <= Integer.MAX_VALUE ? OptionalInt.of((int) number) : OptionalInt.empty();
    }

    /** The host of a git URL template such as {@code https://github.com/{repository}.git}, or empty for a local path. */
    public static String host(String gitUrl) {
        Matcher url = URL_HOST.matcher(gitUrl);
        return url.find() ? url.group(1) : "";
    }
}
