package dev.patchlane.sink.github;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.kohsuke.github.GHException;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;

/**
 * Opens one pull request per head branch, idempotently: whatever already exists for the branch, in any state, wins
 * over creating. Thread-safe; keep one per credential and reuse it, since an app's installation token is cached here.
 * Rate limits are waited out through the {@link Sleeper} up to {@link RateLimitPolicy}'s bound, then
 * {@link GitHubGaveUpException}; any other failure is a {@link GitHubApiException}.
 */
public final class GitHubPullRequests implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final GitHub github;
    private final TokenSource tokens;
    private volatile boolean closed;

    public GitHubPullRequests(GitHubSettings settings, Sleeper sleeper) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sleeper, "sleeper");
        GitHubClients.Built built = GitHubClients.build(settings, new JdkHttpConnector(CONNECT_TIMEOUT, REQUEST_TIMEOUT),
                sleeper, Clock.systemUTC());
        this.github = built.client();
        this.tokens = built.tokens();
    }

    /** Finds the PR for spec.head (any state) before creating; creates it (draft, labels, body) only if none exists. */
    public PullRequestResult ensure(PullRequestSpec spec) {
        Objects.requireNonNull(spec, "spec");
        GHRepository repository = repository(spec.repository());
        List<GHPullRequest> forHead = forHead(repository, spec.repository(), spec.head());
        Optional<GHPullRequest> open = forHead.stream().filter(pr -> pr.getState() == GHIssueState.OPEN).findFirst();
        if (open.isPresent()) {
            // A crash between creating and labelling left it unlabelled; adding what is missing repairs that.
            addMissingLabels(open.get(), spec);
            return result(PullRequestEffect.EXISTING_OPEN, open.get());
        }
        return decided(forHead).orElseGet(() -> create(repository, spec));
    }

    /** The pull request for {@code head} in any state, without creating anything. */
    public Optional<PullRequestResult> find(String repository, String head) {
        Objects.requireNonNull(head, "head");
        return existing(repository(repository), repository, head);
    }

    public String defaultBranch(String repository) {
        return repository(repository).getDefaultBranch();
    }

    /**
     * The token the API calls use, for git over HTTPS: the configured one, or the app's installation token (fetched
     * again when it nears expiry). Never log it.
     */
    public String gitToken() {
        requireOpen();
        try {
            return tokens.token();
        } catch (IOException e) {
            throw GitHubFailures.of("Fetching the GitHub installation token", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (tokens instanceof InstallationTokens installation) {
            installation.forget();
        }
    }

    private GHRepository repository(String fullName) {
        RepositoryName name = RepositoryName.of(fullName);
        requireOpen();
        try {
            return github.getRepository(name.fullName());
        } catch (IOException e) {
            throw GitHubFailures.of("Reading repository " + fullName, e);
        }
    }

    private Optional<GHPullRequest> openPull(GHRepository repository, String fullName, String head) {
        return forHead(repository, fullName, head).stream().filter(pr -> pr.getState() == GHIssueState.OPEN).findFirst();
    }

    private Optional<PullRequestResult> existing(GHRepository repository, String fullName, String head) {
        return decided(forHead(repository, fullName, head));
    }

    // An open pull request wins; otherwise the latest one, merged or closed, decides.
    private static Optional<PullRequestResult> decided(List<GHPullRequest> forHead) {
        Optional<GHPullRequest> open = forHead.stream().filter(pr -> pr.getState() == GHIssueState.OPEN).findFirst();
        if (open.isPresent()) {
            return Optional.of(result(PullRequestEffect.EXISTING_OPEN, open.get()));
        }
        return forHead.stream().findFirst().map(pr -> result(pr.getMergedAt() != null
                ? PullRequestEffect.ALREADY_MERGED
                : PullRequestEffect.CLOSED_BY_HUMAN, pr));
    }

    private List<GHPullRequest> forHead(GHRepository repository, String fullName, String head) {
        String label = RepositoryName.of(fullName).owner() + ":" + head;
        List<GHPullRequest> found;
        try {
            found = repository.queryPullRequests().head(label).state(GHIssueState.ALL).list().toList();
        } catch (IOException e) {
            throw GitHubFailures.of("Looking up pull requests for " + label + " in " + fullName, e);
        } catch (GHException e) {
            throw GitHubFailures.of("Looking up pull requests for " + label + " in " + fullName, asIo(e));
        }
        // GitHub answers an unusable head filter with every pull request, so check the head ourselves
        return found.stream()
                .filter(pr -> pr.getHead() != null && label.equalsIgnoreCase(pr.getHead().getLabel()))
                .sorted(Comparator.comparingInt(GHPullRequest::getNumber).reversed())
                .toList();
    }

    private void addMissingLabels(GHPullRequest pull, PullRequestSpec spec) {
        java.util.Set<String> present = new java.util.HashSet<>();
        pull.getLabels().forEach(label -> present.add(label.getName()));
        String[] missing = spec.labels().stream().filter(label -> !present.contains(label)).toArray(String[]::new);
        if (missing.length == 0) {
            return;
        }
        try {
            pull.addLabels(missing);
        } catch (IOException e) {
            throw GitHubFailures.of("Labelling pull request #" + pull.getNumber() + " in " + spec.repository(), e);
        }
    }

    private PullRequestResult create(GHRepository repository, PullRequestSpec spec) {
        GHPullRequest created;
        try {
            created = repository.createPullRequest(spec.title(), spec.head(), spec.base(), spec.body(), false,
                    spec.draft());
        } catch (IOException e) {
            if (GitHubFailures.isPullRequestAlreadyExists(e)) {
                // another writer opened it between our lookup and our create; it labels it, or a redelivery does
                return openPull(repository, spec.repository(), spec.head())
                        .map(pr -> result(PullRequestEffect.EXISTING_OPEN, pr))
                        .orElseThrow(() -> GitHubFailures.of("Creating the pull request for " + spec.head()
                                + " (GitHub says one exists, but it cannot be found)", e));
            }
            throw GitHubFailures.of("Creating the pull request for " + spec.head() + " in " + spec.repository(), e);
        }
        if (!spec.labels().isEmpty()) {
            try {
                created.addLabels(spec.labels().toArray(String[]::new));
            } catch (IOException e) {
                throw GitHubFailures.of("Labelling pull request #" + created.getNumber() + " in " + spec.repository(),
                        e);
            }
        }
        return result(PullRequestEffect.CREATED, created);
    }

    private static PullRequestResult result(PullRequestEffect effect, GHPullRequest pr) {
        return new PullRequestResult(effect, pr.getNumber(), String.valueOf(pr.getHtmlUrl()));
    }

    private static IOException asIo(GHException e) {
        return e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("GitHubPullRequests is closed");
        }
    }
}
