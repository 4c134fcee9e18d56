package dev.patchlane.sink.github;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.kohsuke.github.GHException;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHIssueStateReason;
import org.kohsuke.github.GHRepository;

/**
 * Issues the bot keeps, found by a hidden marker that opens their body: looked up (open and closed, by label, written
 * by this client's account) before one is created and again after, edited in place. Same client, rate limits and
 * mutation pacing as {@link GitHubPullRequests}, whose credential it shares. Thread-safe.
 */
public final class GitHubIssues {

    /** An issue the bot keeps: its number, web address, body as last read or written, and whether it is open. */
    public record KeptIssue(int number, String url, String body, boolean open) {
    }

    private final GitHubPullRequests pulls;
    // The hub4j issues read or created, so an edit needs no read first.
    private final Map<String, GHIssue> known = new ConcurrentHashMap<>();
    private volatile String author;

    public GitHubIssues(GitHubPullRequests pulls) {
        this.pulls = Objects.requireNonNull(pulls, "pulls");
    }

    /**
     * The earliest issue (never a pull request) of {@code repository} labelled {@code label}, opened by this client's
     * account, whose body starts with {@code marker}; anyone may paste a marker into an issue of theirs, and a body that
     * only quotes it elsewhere is not the bot's.
     */
    public Optional<KeptIssue> find(String repository, String label, String marker) {
        return earliest(repository, label, marker, ours()).map(this::kept);
    }

    /**
     * Finds the marked issue, else creates it with {@code title}, {@code body} and {@code label}. Two processes may
     * create it at the same moment, so the issues are read again after creating: when an earlier one appeared, this
     * call's issue is closed as a duplicate (GitHub's REST API deletes no issue) with its marker removed, and the earlier
     * one answers.
     */
    public KeptIssue ensure(String repository, String title, String label, String marker, String body) {
        if (!body.startsWith(marker)) {
            throw new IllegalArgumentException("the issue body must open with its marker, or no lookup could find it");
        }
        Optional<KeptIssue> existing = find(repository, label, marker);
        if (existing.isPresent()) {
            return existing.get();
        }
        GHRepository repo = repository(repository);
        GHIssue created;
        try {
            created = repo.createIssue(title).body(body).label(label).create();
        } catch (IOException e) {
            throw GitHubFailures.of("Creating the progress issue in " + repository, e);
        }
        String login = loginOf(created);
        if (login != null) {
            author = login;
        }
        remember(repository, created);
        Optional<GHIssue> first = earliest(repository, label, marker, name -> name.equalsIgnoreCase(login));
        if (first.isPresent() && first.get().getNumber() < created.getNumber()) {
            GHIssue duplicate = created;
            try {
                duplicate.setBody("Duplicate of #" + first.get().getNumber() + ", which patchlane keeps up to date.");
                duplicate.close(GHIssueStateReason.NOT_PLANNED);
            } catch (IOException e) {
                // Left open, it still holds the marker; every lookup answers with the earlier issue all the same.
                throw GitHubFailures.of("Closing the duplicate progress issue #" + created.getNumber() + " in " + repository, e);
            }
            known.remove(key(repository, created.getNumber()));
            return kept(first.get());
        }
        return kept(created);
    }

    /** Replaces the body of issue {@code number} of {@code repository}, one PATCH. */
    public void editBody(String repository, int number, String body) {
        GHIssue issue = known.get(key(repository, number));
        try {
            if (issue == null) {
                issue = repository(repository).getIssue(number);
                remember(repository, issue);
            }
            issue.setBody(body);
        } catch (IOException e) {
            throw GitHubFailures.of("Editing the progress issue #" + number + " in " + repository, e);
        }
    }

    private Optional<GHIssue> earliest(String repository, String label, String marker, Predicate<String> ours) {
        GHRepository repo = repository(repository);
        List<GHIssue> labelled;
        try {
            labelled = repo.queryIssues().label(label).state(GHIssueState.ALL).pageSize(100).list().toList();
        } catch (IOException e) {
            throw GitHubFailures.of("Listing the issues labelled " + label + " in " + repository, e);
        } catch (GHException e) {
            throw GitHubFailures.of("Listing the issues labelled " + label + " in " + repository, GitHubPullRequests.asIo(e));
        }
        Optional<GHIssue> found = labelled.stream()
                .filter(issue -> !issue.isPullRequest())
                .filter(issue -> issue.getBody() != null && issue.getBody().startsWith(marker))
                .filter(issue -> loginOf(issue) != null && ours.test(loginOf(issue)))
                .min(Comparator.comparingInt(GHIssue::getNumber));
        found.ifPresent(issue -> remember(repository, issue));
        return found;
    }

    // hub4j declares IOException but reads the user from the issue's own JSON.
    private static String loginOf(GHIssue issue) {
        try {
            return issue.getUser() == null ? null : issue.getUser().getLogin();
        } catch (IOException e) {
            return null;
        }
    }

    private Predicate<String> ours() {
        String login = author;
        return login != null ? login::equalsIgnoreCase : pulls.ourLogin();
    }

    private GHRepository repository(String fullName) {
        try {
            return pulls.client().getRepository(RepositoryName.of(fullName).fullName());
        } catch (IOException e) {
            throw GitHubFailures.of("Reading repository " + fullName, e);
        }
    }

    private void remember(String repository, GHIssue issue) {
        known.put(key(repository, issue.getNumber()), issue);
    }

    private KeptIssue kept(GHIssue issue) {
        return new KeptIssue(issue.getNumber(), String.valueOf(issue.getHtmlUrl()), issue.getBody(), issue.getState() == GHIssueState.OPEN);
    }

    private static String key(String repository, int number) {
        return repository.toLowerCase(java.util.Locale.ROOT) + "#" + number;
    }
}
