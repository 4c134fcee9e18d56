package dev.patchlane.sink.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where patches are published. Targets are chosen per repository first, then per job source type, then the default;
 * repositories are keyed exactly as jobs name them.
 */
@ConfigMapping(prefix = "patchlane.publish")
public interface PublishConfig {

    /** The publishers every job uses unless its repository or source says otherwise: {@code patch-file}, {@code git}, {@code github}. */
    @WithDefault("patch-file,git")
    List<PublisherKind> targets();

    Map<String, RepositoryRoute> repositories();

    /** Per job source type ({@code github}, {@code migration}, {@code ci-bot}, {@code cli} …). */
    Map<String, SourceRoute> sources();

    Git git();

    GitHub github();

    interface RepositoryRoute {

        Optional<List<PublisherKind>> targets();

        /** The git remote the bot's branch is pushed to; by default the job's repository itself. */
        Optional<String> remote();

        /** The GitHub {@code owner/name}, when it cannot be read from the repository URL. */
        Optional<String> githubRepository();
    }

    interface SourceRoute {

        Optional<List<PublisherKind>> targets();
    }

    interface Git {

        /** The remote every bot branch is pushed to, unless a repository names its own; by default the job's repository. */
        Optional<String> remote();

        /** The user name for HTTPS remotes; the password or token comes from {@link #passwordEnv()}. */
        Optional<String> username();

        /** The environment variable holding the HTTPS password or token. */
        Optional<String> passwordEnv();
    }

    interface GitHub {

        @WithDefault("https://api.github.com")
        URI apiUrl();

        /** Where the branch is pushed; {@code {repository}} is replaced with {@code owner/name}. */
        @WithDefault("https://github.com/{repository}.git")
        String gitUrl();

        /** The environment variable holding a token (fine-grained PAT or installation token); not used when an App is configured. */
        @WithDefault("GITHUB_TOKEN")
        String tokenEnv();

        App app();

        @WithDefault("true")
        boolean draft();

        @WithDefault("patchlane")
        List<String> labels();

        RateLimits rateLimits();

        Pacing pacing();

        Checks checks();
    }

    /** A check run on a GitHub job's head commit (or a status comment on its issue) that moves with the job. */
    interface Checks {

        /** Needs a GitHub App with checks: write (GitHub lets only Apps create check runs). */
        @WithDefault("false")
        boolean enabled();

        /** The check run's name, which is also how it is looked up on a commit. */
        @WithDefault("patchlane")
        String name();

        /** Where people open patchlane, e.g. {@code https://patchlane.example}; the run links to {@code <url>/dashboard/jobs/<id>}. */
        Optional<URI> publicBaseUrl();

        /** Status records older than this are not reported (a new consumer group reads the status topic from its start). */
        @WithDefault("1h")
        Duration maxAge();
    }

    /** How mutating calls are paced across every sink replica, through the pacing topic ({@code patchlane.topic.pacing}). */
    interface Pacing {

        /** Off: each process paces only its own calls, and N replicas may make N times GitHub's advised rate. */
        @WithDefault("true")
        boolean shared();

        /** How far back a starting replica reads tickets; at least the longest backlog of one lane. */
        @WithDefault("10m")
        Duration lookback();

        /** How long the broker may take to append a ticket and return it before the call fails (and is retried). */
        @WithDefault("10s")
        Duration timeout();

        /** A slot booked further ahead than this fails the call instead of holding a sink thread. */
        @WithDefault("5m")
        Duration maxDelay();
    }

    interface App {

        Optional<Long> id();

        Optional<Long> installationId();

        /** The App's private key in PEM, as GitHub issues it. */
        Optional<Path> privateKeyFile();
    }

    interface RateLimits {

        /** GitHub documents at least a minute for a secondary limit that names no wait. */
        @WithDefault("60s")
        Duration secondaryMinimumWait();

        @WithDefault("5")
        int maxRetries();

        @WithDefault("15m")
        Duration maxWait();

        /**
         * Mutating calls per installation are made one at a time and at least this far apart: end to start within a
         * process, start to start across sink replicas (see {@link Pacing}).
         */
        @WithDefault("1s")
        Duration mutationSpacing();
    }
}
