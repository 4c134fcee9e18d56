package dev.patchlane.sink.github;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.kohsuke.github.GHException;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.HttpException;

/**
 * Opens one pull request per head branch, idempotently: whatever already exists for the branch, in any state, wins
 * over creating; and posts one marked comment per issue or pull request the same way. Thread-safe; keep one per
 * credential and reuse it, since an app's installation token is cached here.
 * Rate limits are waited out through the {@link Sleeper} up to {@link RateLimitPolicy}'s bound, then
 * {@link GitHubGaveUpException}; any other failure is a {@link GitHubApiException}.
 */
public final class GitHubPullRequests implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final GitHub github;
    private final TokenSource tokens;
    private volatile boolean closed;
    private volatile String commenter;

    /** Paces mutating calls among the clients of this JVM only. */
    public GitHubPullRequests(GitHubSettings settings, Sleeper sleeper) {
        this(settings, sleeper, MutationGate.jvm());
    }

    /** Paces mutating calls through {@code gate}, e.g. one shared by every sink replica. */
    public GitHubPullRequests(GitHubSettings settings, Sleeper sleeper, MutationGate gate) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(gate, "gate");
        GitHubClients.Built built = GitHubClients.build(settings, new JdkHttpConnector(CONNECT_TIMEOUT, REQUEST_TIMEOUT),
                sleeper, Clock.systemUTC(), gate);
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

    /**
     * Posts {@code body} on issue or pull request {@code number} of {@code repository} unless a comment holding
     * {@code marker} is there already, in which case the earliest such comment is the answer and nothing is posted.
     * GitHub refuses no second comment the way it refuses a second pull request for a head, so after posting the
     * comments are read again: when an earlier comment with the marker appeared meanwhile (another process delivering
     * the same outcome at the same moment), this call's comment is deleted and the earlier one answers. Only comments
     * this client's own account wrote count: anyone may paste a marker into a comment of theirs.
     */
    public IssueCommentResult ensureComment(String repository, int number, String marker, String body) {
        Objects.requireNonNull(marker, "marker");
        Objects.requireNonNull(body, "body");
        if (!body.contains(marker)) {
            throw new IllegalArgumentException("the comment body must hold its marker, or no redelivery could find it");
        }
        GHIssue issue = issue(repository, number);
        Optional<GHIssueComment> earlier = earliestMarked(issue, repository, marker, ourLogin());
        if (earlier.isPresent()) {
            return new IssueCommentResult(false, earlier.get().getId(), String.valueOf(earlier.get().getHtmlUrl()), null);
        }
        GHIssueComment posted;
        try {
            posted = issue.comment(body);
        } catch (IOException e) {
            throw GitHubFailures.of("Commenting on #" + number + " in " + repository, e);
        }
        String author = posted.getUserName();
        if (author != null) {
            commenter = author;
        }
        Optional<GHIssueComment> first = earliestMarked(issue, repository, marker, login -> login.equalsIgnoreCase(author));
        if (first.isPresent() && first.get().getId() < posted.getId()) {
            try {
                posted.delete();
            } catch (IOException e) {
                // Left as it is, a redelivery answers with the earlier comment and leaves this one be.
                throw GitHubFailures.of("Deleting the duplicate comment " + posted.getId() + " on #" + number + " in " + repository, e);
            }
            return new IssueCommentResult(false, first.get().getId(), String.valueOf(first.get().getHtmlUrl()),
                    "another delivery commented first; this delivery's duplicate was deleted");
        }
        return new IssueCommentResult(true, posted.getId(), String.valueOf(posted.getHtmlUrl()), null);
    }

    /**
     * Keeps one marked comment of this client's account on issue or pull request {@code number}: posted as
     * {@link #ensureComment} posts it when there is none, else the earliest edited in place, when its body differs and
     * {@code mayReplace} accepts its current body.
     */
    public IssueCommentResult upsertComment(String repository, int number, String marker, String body, Predicate<String> mayReplace) {
        Objects.requireNonNull(mayReplace, "mayReplace");
        if (!body.contains(marker)) {
            throw new IllegalArgumentException("the comment body must hold its marker, or no later update could find it");
        }
        Optional<GHIssueComment> earlier = earliestMarked(issue(repository, number), repository, marker, ourLogin());
        if (earlier.isEmpty()) {
            return ensureComment(repository, number, marker, body);
        }
        GHIssueComment comment = earlier.get();
        String url = String.valueOf(comment.getHtmlUrl());
        if (body.equals(comment.getBody())) {
            return new IssueCommentResult(false, comment.getId(), url, "unchanged");
        }
        if (!mayReplace.test(comment.getBody())) {
            return new IssueCommentResult(false, comment.getId(), url, "left as it is");
        }
        try {
            comment.update(body);
        } catch (IOException e) {
            throw GitHubFailures.of("Editing comment " + comment.getId() + " on #" + number + " in " + repository, e);
        }
        return new IssueCommentResult(false, comment.getId(), url, "edited");
    }

    /**
     * The open pull requests on {@code base} whose head branch starts with {@code headPrefix}, at most {@code limit}
     * (GitHub's {@code GET /repos/{owner}/{repo}/pulls?state=open&base=}, paginated).
     */
    public List<OpenPull> openOnBase(String repository, String base, String headPrefix, int limit) {
        Objects.requireNonNull(base, "base");
        GHRepository repo = repository(repository);
        List<OpenPull> open = new java.util.ArrayList<>();
        try {
            for (GHPullRequest pr : repo.queryPullRequests().base(base).state(GHIssueState.OPEN).list().withPageSize(100)) {
                if (pr.getHead() == null || pr.getHead().getRef() == null || !pr.getHead().getRef().startsWith(headPrefix)) {
                    continue;
                }
                // GitHub filters by base; a stub or proxy that does not is checked here too.
                if (pr.getBase() == null || !base.equals(pr.getBase().getRef())) {
                    continue;
                }
                boolean same = pr.getHead().getRepository() != null
                        && repository.equalsIgnoreCase(pr.getHead().getRepository().getFullName());
                open.add(new OpenPull(pr.getNumber(), pr.getHead().getRef(), same, String.valueOf(pr.getHtmlUrl())));
                if (open.size() >= limit) {
                    break;
                }
            }
        } catch (GHException e) {
            throw GitHubFailures.of("Listing open pull requests on " + base + " in " + repository, asIo(e));
        }
        return open;
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

    private GHIssue issue(String fullName, int number) {
        GHRepository repository = repository(fullName);
        try {
            return repository.getIssue(number);
        } catch (IOException e) {
            throw GitHubFailures.of("Reading issue #" + number + " of " + fullName, e);
        }
    }

    /**
     * Who this client comments as: learned from its own comments, else asked of GitHub for a token; an App's
     * installation comments as its {@code <slug>[bot]} account, a login no person can have.
     */
    Predicate<String> ourLogin() {
        String known = commenter;
        if (known != null) {
            return known::equalsIgnoreCase;
        }
        if (!(tokens instanceof InstallationTokens)) {
            requireOpen();
            try {
                String login = github.getMyself().getLogin();
                commenter = login;
                return login::equalsIgnoreCase;
            } catch (HttpException e) {
                if (e.getResponseCode() != 403 && e.getResponseCode() != 404) {
                    throw GitHubFailures.of("Reading the account of the GitHub token", e);
                }
                // An installation token configured as a plain token has no user; it comments as its App's bot.
            } catch (FileNotFoundException e) {
                // hub4j's 404, the same answer
            } catch (IOException e) {
                throw GitHubFailures.of("Reading the account of the GitHub token", e);
            }
        }
        return login -> login.endsWith("[bot]");
    }

    private static Optional<GHIssueComment> earliestMarked(GHIssue issue, String fullName, String marker, Predicate<String> ours) {
        List<GHIssueComment> comments;
        try {
            comments = issue.listComments().toList();
        } catch (IOException e) {
            throw GitHubFailures.of("Listing the comments on #" + issue.getNumber() + " in " + fullName, e);
        } catch (GHException e) {
            throw GitHubFailures.of("Listing the comments on #" + issue.getNumber() + " in " + fullName, asIo(e));
        }
        return comments.stream()
                .filter(comment -> comment.getBody() != null && comment.getBody().contains(marker))
                .filter(comment -> comment.getUserName() != null && ours.test(comment.getUserName()))
                .min(Comparator.comparingLong(GHIssueComment::getId));
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

    /** The client itself, for the other GitHub surfaces of this credential ({@link GitHubIssues}). */
    GitHub client() {
        requireOpen();
        return github;
    }

    static IOException asIo(GHException e) {
        return e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("GitHubPullRequests is closed");
        }
    }
}
