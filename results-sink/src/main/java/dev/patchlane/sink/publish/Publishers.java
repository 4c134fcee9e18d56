package dev.patchlane.sink.publish;

import dev.patchlane.codebase.Redacted;
import dev.patchlane.contracts.Job;
import dev.patchlane.sink.config.GitHubRepositories;
import dev.patchlane.sink.config.PublishConfig;
import dev.patchlane.sink.config.PublisherKind;
import dev.patchlane.sink.github.AppCredentials;
import dev.patchlane.sink.github.GitHubPullRequests;
import dev.patchlane.sink.github.GitHubSettings;
import dev.patchlane.sink.github.MutationGate;
import dev.patchlane.sink.github.RateLimitPolicy;
import dev.patchlane.sink.github.Sleeper;
import dev.patchlane.sink.prepare.PreparedPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/** The publishers each job uses: its repository's choice, else its source type's, else the default. */
public final class Publishers implements AutoCloseable {

    private final PublishConfig config;
    private final UnaryOperator<String> environment;
    private final Sleeper sleeper;
    private final Supplier<? extends MutationGate> gates;
    private MutationGate gate;
    private final PatchFilePublisher patchFiles;
    private final ResultFilePublisher resultFiles;
    private final GitRemotePublisher git;
    private GitHubPublisher github;
    private GitHubCommentPublisher comments;
    private GitHubPullRequests pulls;

    /** GitHub's mutating calls paced among this JVM's clients only. */
    public Publishers(PublishConfig config, Path patchDir, Sleeper sleeper, UnaryOperator<String> environment) {
        this(config, patchDir, sleeper, environment, MutationGate::jvm);
    }

    /** {@code gates} is asked once, when GitHub is first used, for the gate of its mutating calls; closed with this. */
    public Publishers(PublishConfig config, Path patchDir, Sleeper sleeper, UnaryOperator<String> environment,
            Supplier<? extends MutationGate> gates) {
        this.config = config;
        this.environment = environment;
        this.sleeper = sleeper;
        this.gates = gates;
        this.patchFiles = new PatchFilePublisher(patchDir);
        this.resultFiles = new ResultFilePublisher(patchDir);
        this.git = new GitRemotePublisher(patch -> remoteOf(patch.outcome().job()), configuredRemote(), gitCredentials());
        for (PublisherKind kind : config.targets()) {
            if (kind == PublisherKind.GITHUB) {
                github();
            }
        }
    }

    public List<Publisher> forJob(Job job) {
        List<Publisher> publishers = new ArrayList<>();
        for (PublisherKind kind : kindsFor(job)) {
            publishers.add(switch (kind) {
                case PATCH_FILE -> patchFiles;
                case GIT -> git;
                case GITHUB -> github();
            });
        }
        return publishers;
    }

    /**
     * The publishers of a structured result, which has no patch: the job's targets as for a patch, with {@code github}
     * meaning a comment on its issue or pull request and {@code patch-file} and {@code git} its result file; the
     * result file is written whatever the targets, once.
     */
    public List<ResultPublisher> forResult(Job job) {
        // github → github-comment; patch-file and git → result-file, which is written whatever the targets, once.
        List<ResultPublisher> publishers = new ArrayList<>(List.of(resultFiles));
        if (kindsFor(job).contains(PublisherKind.GITHUB)) {
            publishers.add(comments());
        }
        return publishers;
    }

    List<PublisherKind> kindsFor(Job job) {
        Optional<List<PublisherKind>> byRepository = Optional.ofNullable(config.repositories().get(job.repository()))
                .flatMap(PublishConfig.RepositoryRoute::targets);
        Optional<List<PublisherKind>> bySource = Optional.ofNullable(config.sources().get(job.source().type()))
                .flatMap(PublishConfig.SourceRoute::targets);
        List<PublisherKind> kinds = byRepository.or(() -> bySource).orElse(config.targets());
        return kinds.stream().distinct().toList();
    }

    private String remoteOf(Job job) {
        return Optional.ofNullable(config.repositories().get(job.repository())).flatMap(PublishConfig.RepositoryRoute::remote)
                .or(() -> config.git().remote())
                .orElse(job.repository());
    }

    /** Credentials go only to a remote the configuration names, never to one a job's submitter chose. */
    private java.util.function.Predicate<PreparedPatch> configuredRemote() {
        return patch -> {
            Job job = patch.outcome().job();
            return Optional.ofNullable(config.repositories().get(job.repository())).flatMap(PublishConfig.RepositoryRoute::remote).isPresent()
                    || config.git().remote().isPresent();
        };
    }

    private String githubRepositoryOf(Job job) {
        return Optional.ofNullable(config.repositories().get(job.repository())).flatMap(PublishConfig.RepositoryRoute::githubRepository)
                .or(() -> GitHubRepositories.ownerAndName(job.repository(), GitHubRepositories.host(config.github().gitUrl())))
                .orElseThrow(() -> new IllegalArgumentException("cannot tell the GitHub owner/name of " + Redacted.url(job.repository())
                        + " on " + GitHubRepositories.host(config.github().gitUrl()) + "; set patchlane.publish.repositories.\"<repository>\".github-repository"));
    }

    private Optional<CredentialsProvider> gitCredentials() {
        Optional<String> password = config.git().passwordEnv().map(environment);
        if (password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UsernamePasswordCredentialsProvider(config.git().username().orElse("git"), password.get()));
    }

    private synchronized GitHubPublisher github() {
        if (github == null) {
            PublishConfig.GitHub settings = config.github();
            GitHubSettings clientSettings = githubSettings(settings);
            gate = gates.get();
            pulls = new GitHubPullRequests(clientSettings, sleeper, gate);
            GitHubPullRequests client = pulls;
            GitRemotePublisher push = new GitRemotePublisher(GitHubPublisher.NAME,
                    patch -> settings.gitUrl().replace("{repository}", githubRepositoryOf(patch.outcome().job())),
                    patch -> true, Optional.of(new GitHubGitCredentials(client)));
            github = new GitHubPublisher(pulls, push, this::githubRepositoryOf, settings.draft(), settings.labels());
        }
        return github;
    }

    /** Whether a job's patches go to GitHub, where a moved base is watched. */
    public boolean publishesToGitHub(Job job) {
        return kindsFor(job).contains(PublisherKind.GITHUB);
    }

    /** The GitHub client of these publishers, for the sink's other GitHub surfaces: one credential, rate limit and pacing. */
    public synchronized GitHubPullRequests githubClient() {
        github();
        return pulls;
    }

    /** The {@code owner/name} on GitHub of a job's repository. */
    public String githubRepositoryFor(Job job) {
        return githubRepositoryOf(job);
    }

    /** Where the GitHub publisher pushes a job's branch, with the credentials it pushes with. */
    public GitRemote githubRemoteFor(Job job) {
        GitHubPullRequests client = githubClient();
        return new GitRemote(config.github().gitUrl().replace("{repository}", githubRepositoryOf(job)),
                Optional.of(new GitHubGitCredentials(client)));
    }

    /** A git remote and what to authenticate to it with. */
    public record GitRemote(String url, Optional<CredentialsProvider> credentials) {
    }

    private synchronized GitHubCommentPublisher comments() {
        if (comments == null) {
            github();
            comments = new GitHubCommentPublisher(pulls, this::githubRepositoryOf, GitHubRepositories.host(config.github().gitUrl()));
        }
        return comments;
    }

    private GitHubSettings githubSettings(PublishConfig.GitHub settings) {
        return githubSettings(settings, environment);
    }

    /** The GitHub client settings the configuration names: an App, else a token from the environment. */
    public static GitHubSettings githubSettings(PublishConfig.GitHub settings, UnaryOperator<String> environment) {
        PublishConfig.RateLimits limits = settings.rateLimits();
        RateLimitPolicy rateLimits = new RateLimitPolicy(limits.secondaryMinimumWait(), limits.maxRetries(), limits.maxWait(),
                limits.mutationSpacing());
        PublishConfig.App app = settings.app();
        if (app.id().isPresent() || app.installationId().isPresent() || app.privateKeyFile().isPresent()) {
            long id = app.id().orElseThrow(() -> new IllegalStateException("patchlane.publish.github.app.id is required for App auth"));
            long installation = app.installationId()
                    .orElseThrow(() -> new IllegalStateException("patchlane.publish.github.app.installation-id is required for App auth"));
            Path keyFile = app.privateKeyFile()
                    .orElseThrow(() -> new IllegalStateException("patchlane.publish.github.app.private-key-file is required for App auth"));
            return new GitHubSettings(settings.apiUrl(), Optional.empty(), Optional.of(new AppCredentials(id, installation, read(keyFile))),
                    rateLimits);
        }
        String token = environment.apply(settings.tokenEnv());
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("GitHub publication needs a token in $" + settings.tokenEnv()
                    + " or an App (patchlane.publish.github.app.*)");
        }
        return new GitHubSettings(settings.apiUrl(), Optional.of(token), Optional.empty(), rateLimits);
    }

    private static String read(Path keyFile) {
        try {
            return Files.readString(keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the GitHub App key " + keyFile, e);
        }
    }

    @Override
    public synchronized void close() {
        if (pulls != null) {
            pulls.close();
        }
        if (gate instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the GitHub pacing gate: " + e.getMessage(), e);
            }
        }
    }
}
