package dev.patchlane.sink.github;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCheckRunBuilder;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;

/**
 * Check runs on hub4j's {@link GHCheckRunBuilder}: "Create a check run" (POST /repos/{owner}/{repo}/check-runs),
 * "Update a check run" (PATCH /repos/{owner}/{repo}/check-runs/{id}) and "List check runs for a Git reference"
 * (GET /repos/{owner}/{repo}/commits/{ref}/check-runs?check_name=…&filter=all), through the same rate limits and
 * mutation pacing as the pull requests. Thread-safe.
 */
public final class GitHubCheckRuns {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final GitHub github;

    public GitHubCheckRuns(GitHubSettings settings, Sleeper sleeper, MutationGate gate) {
        Objects.requireNonNull(settings, "settings");
        this.github = GitHubClients.build(settings, new JdkHttpConnector(CONNECT_TIMEOUT, REQUEST_TIMEOUT), sleeper, Clock.systemUTC(), gate)
                .client();
    }

    /**
     * The runs named {@code name} on {@code sha} whose {@code external_id} is {@code externalId}, oldest first; only
     * those of App {@code appId} when it is known, since any App may name a run the same and copy an external id.
     */
    public List<CheckRunState> find(String repository, String sha, String name, String externalId, Optional<Long> appId) {
        List<GHCheckRun> runs;
        try {
            runs = repository(repository).getCheckRuns(sha, Map.of("check_name", name, "filter", "all")).toList();
        } catch (IOException e) {
            throw GitHubFailures.of("Listing check runs named " + name + " on " + sha + " in " + repository, e);
        } catch (GHException e) {
            throw GitHubFailures.of("Listing check runs named " + name + " on " + sha + " in " + repository,
                    e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e));
        }
        return runs.stream()
                .filter(run -> externalId.equals(run.getExternalId()) && name.equals(run.getName()))
                .filter(run -> appId.isEmpty() || run.getApp() != null && run.getApp().getId() == appId.get())
                .sorted(Comparator.comparingLong(GHCheckRun::getId))
                .map(GitHubCheckRuns::state)
                .toList();
    }

    public CheckRunState create(String repository, String sha, String name, String externalId, CheckRunSpec spec) {
        GHCheckRunBuilder builder = repository(repository).createCheckRun(name, sha).withExternalID(externalId);
        try {
            return state(fill(builder, spec).create());
        } catch (IOException e) {
            throw GitHubFailures.of("Creating check run " + name + " on " + sha + " in " + repository, e);
        }
    }

    public CheckRunState update(String repository, long id, CheckRunSpec spec) {
        try {
            return state(fill(repository(repository).updateCheckRun(id), spec).create());
        } catch (IOException e) {
            throw GitHubFailures.of("Updating check run " + id + " in " + repository, e);
        }
    }

    private static GHCheckRunBuilder fill(GHCheckRunBuilder builder, CheckRunSpec spec) {
        builder.withStatus(GHCheckRun.Status.valueOf(spec.status().toUpperCase(Locale.ROOT)))
                .add(new GHCheckRunBuilder.Output(spec.title(), spec.summary()));
        if (spec.completed()) {
            builder.withConclusion(GHCheckRun.Conclusion.valueOf(spec.conclusion().toUpperCase(Locale.ROOT))).withCompletedAt(new Date());
        }
        if (spec.detailsUrl() != null) {
            builder.withDetailsURL(spec.detailsUrl());
        }
        for (CheckRunSpec.Action action : spec.actions()) {
            builder.add(new GHCheckRunBuilder.Action(action.label(), action.description(), action.identifier()));
        }
        return builder;
    }

    private static CheckRunState state(GHCheckRun run) {
        String status = run.getStatus() == null ? "unknown" : run.getStatus().name().toLowerCase(Locale.ROOT);
        String summary = run.getOutput() == null ? null : run.getOutput().getSummary();
        return new CheckRunState(run.getId(), status, summary, String.valueOf(run.getHtmlUrl()));
    }

    private GHRepository repository(String fullName) {
        RepositoryName name = RepositoryName.of(fullName);
        try {
            return github.getRepository(name.fullName());
        } catch (IOException e) {
            throw GitHubFailures.of("Reading repository " + fullName, e);
        }
    }
}
