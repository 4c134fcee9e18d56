package dev.patchlane.sink.progressissue;

import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Migration;
import dev.patchlane.pipeline.config.Role;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.status.JobStatusView;
import dev.patchlane.sink.ResultsSink;
import dev.patchlane.sink.config.PublishConfig;
import dev.patchlane.sink.github.GitHubIssues;
import dev.patchlane.sink.github.GitHubRefusedException;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the progress issue of every migration that asks for one ({@code progressIssue} in its manifest), in the sink
 * role. This replica owns the migrations of the migrations topic's partitions that the consumer group
 * {@link ProgressIssueConfig#group()} gives it ({@link MigrationOwnership}); their jobs come from the status view every
 * sink process reads; each issue is synced at most once per {@link ProgressIssueConfig#interval()} and written only
 * when its body changed, through the publishers' GitHub client and so through the mutating-call pacing.
 */
@ApplicationScoped
public class ProgressIssues {

    private static final Logger LOG = Logger.getLogger(ProgressIssues.class);
    private static final String MIGRATION_SOURCE = "migration";

    @Inject
    ProgressIssueConfig config;

    @Inject
    PublishConfig publishConfig;

    @Inject
    JobStatusView view;

    @Inject
    TopicNames topics;

    @Inject
    ResultsSink sink;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "patchlane.roles", defaultValue = "all")
    String roles;

    private final Map<String, TrackedMigration> owned = new ConcurrentHashMap<>();
    private final java.util.Set<String> untracked = ConcurrentHashMap.newKeySet();
    private MigrationOwnership ownership;
    private ScheduledExecutorService syncer;
    private IssueBody bodies;
    private GitHubNames names;
    private volatile IssueKeeper keeper;
    private volatile boolean listening;

    void onStart(@Observes StartupEvent event) {
        if (config.enabled() && Role.parse(roles).contains(Role.SINK)) {
            start();
        }
    }

    /** Starts owning migrations and syncing their issues; also what a restart does. */
    public synchronized void start() {
        if (ownership != null) {
            return;
        }
        if (config.maxBodyChars() > 65_536) {
            throw new IllegalArgumentException("patchlane.progress-issues.max-body-chars must be at most GitHub's 65536, got " + config.maxBodyChars());
        }
        if (config.interval().isNegative() || config.interval().isZero()) {
            throw new IllegalArgumentException("patchlane.progress-issues.interval must be positive, got " + config.interval());
        }
        config.publicBaseUrl().ifPresent(url -> {
            if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
                throw new IllegalArgumentException("patchlane.progress-issues.public-base-url must be an http(s) URL, got " + url);
            }
        });
        bodies = new IssueBody(config.maxJobsListed(), config.maxBodyChars());
        names = new GitHubNames(publishConfig);
        if (!listening) {
            view.onChange(this::statusChanged);
            listening = true;
        }
        syncer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "patchlane-progress-issues");
            thread.setDaemon(true);
            return thread;
        });
        long tick = Math.max(50, Math.min(1_000, config.interval().toMillis() / 5));
        syncer.scheduleWithFixedDelay(this::syncDue, tick, tick, TimeUnit.MILLISECONDS);
        ownership = new MigrationOwnership(bootstrapServers, topics.migrations(), config.group(), new MigrationOwnership.Owner() {
            @Override
            public void owned(Migration migration, int partition) {
                own(migration, partition);
            }

            @Override
            public void released(int partition) {
                owned.values().removeIf(tracked -> tracked.partition == partition);
                untracked.clear();
            }
        });
        ownership.start();
    }

    /** Stops as a process would: leaves the group and forgets every issue it knew (the next start finds them again). */
    @PreDestroy
    public synchronized void stop() {
        if (ownership == null) {
            return;
        }
        ownership.close();
        ownership = null;
        syncer.shutdownNow();
        try {
            syncer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        owned.clear();
        untracked.clear();
        keeper = null;
    }

    /** The migrations this replica keeps issues for now. */
    public List<String> ownedMigrations() {
        return new ArrayList<>(owned.keySet());
    }

    private void own(Migration migration, int partition) {
        if (migration.manifest().progressIssue() == null) {
            return;
        }
        TrackedMigration known = owned.get(migration.id());
        if (known != null) {
            known.migration = known.migration.mergedWith(migration);
            known.touchAll();
            return;
        }
        IssuePlan plan = IssuePlan.of(migration, names::of);
        // a migration's later records (its fan-out's end) plan the same again: said once per ownership
        if (untracked.add(migration.id())) {
            plan.skipped().forEach(reason -> LOG.infof("migration %s: no progress issue for %s", migration.id(), reason));
        }
        if (plan.issues().isEmpty()) {
            return;
        }
        boolean perRepository = migration.manifest().progressIssue().mode() == dev.patchlane.contracts.MigrationManifest.ProgressIssue.Mode.PER_REPOSITORY;
        List<TrackedIssue> issues = plan.issues().stream().map(issue -> new TrackedIssue(migration.id(), issue, perRepository)).toList();
        owned.put(migration.id(), new TrackedMigration(migration, partition, issues));
    }

    // On the status view's thread, holding the job's lock: only bookkeeping here.
    private void statusChanged(JobStatus previous, JobStatus current) {
        if (current == null || current.source() == null || !MIGRATION_SOURCE.equals(current.source().type())) {
            return;
        }
        TrackedMigration tracked = owned.get(String.valueOf(current.source().reference()));
        if (tracked != null) {
            tracked.update(JobLine.of(current));
        }
    }

    private void syncDue() {
        try {
            if (owned.isEmpty() || !view.awaitReplayed(Duration.ZERO)) {
                return; // issues drawn from a half-read view would show jobs going backwards
            }
            Instant now = Instant.now();
            loadNewlyOwned();
            for (TrackedMigration tracked : owned.values()) {
                for (TrackedIssue issue : tracked.issues) {
                    if (issue.takeDue(now, config.interval())) {
                        sync(tracked, issue);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "progress issues: a sync round failed; the next one tries again");
        }
    }

    // One pass over the view for every migration owned since the last round (the listener has the changes since).
    private void loadNewlyOwned() {
        Map<String, TrackedMigration> unloaded = new java.util.HashMap<>();
        owned.forEach((id, tracked) -> {
            if (!tracked.loaded) {
                unloaded.put(id, tracked);
            }
        });
        if (unloaded.isEmpty()) {
            return;
        }
        view.matching(status -> {
            TrackedMigration tracked = status.source() != null && MIGRATION_SOURCE.equals(status.source().type())
                    ? unloaded.get(String.valueOf(status.source().reference())) : null;
            if (tracked != null) {
                tracked.update(JobLine.of(status));
            }
            return false;
        });
        unloaded.values().forEach(tracked -> {
            tracked.loaded = true;
            tracked.touchAll();
        });
    }

    private void sync(TrackedMigration tracked, TrackedIssue issue) {
        Migration migration = tracked.migration;
        String body = bodies.render(migration, issue.plan.repository(), tracked.linesOf(issue), !issue.perRepository, dashboard(migration.id()));
        try {
            IssueKeeper.Effect effect = keeper().sync(issue, IssueBody.title(migration, issue.plan.repository(), issue.perRepository), body);
            LOG.debugf("migration %s: progress issue #%s in %s %s", migration.id(), issue.number, issue.plan.repository(), effect);
        } catch (GitHubRefusedException | IllegalStateException e) {
            // GitHub said no as the request stands (issues off, no permission), or GitHub is not configured: asking
            // again every interval would only repeat it; the next owner or start tries once more.
            issue.abandon();
            LOG.warnf("migration %s: no progress issue in %s: %s", migration.id(), issue.plan.repository(), e.getMessage());
        } catch (RuntimeException e) {
            issue.touch(); // tried again after the interval
            LOG.warnf("migration %s: the progress issue in %s was not brought up to date: %s", migration.id(), issue.plan.repository(), e.getMessage());
        } finally {
            issue.ended(Instant.now());
        }
    }

    private IssueKeeper keeper() {
        IssueKeeper current = keeper;
        if (current == null) {
            current = new IssueKeeper(new GitHubIssues(sink.githubClient()), config.label());
            keeper = current;
        }
        return current;
    }

    private Optional<String> dashboard(String migrationId) {
        return config.publicBaseUrl().map(base -> base.toString().replaceAll("/+$", "") + "/dashboard/migrations/"
                + URLEncoder.encode(migrationId, StandardCharsets.UTF_8));
    }
}
