package dev.patchlane.app.rebase;

import dev.patchlane.pipeline.kafka.SubmittedJobs;
import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.ingest.JobIntake;
import dev.patchlane.ingest.github.push.BaseMove;
import dev.patchlane.ingest.github.push.BaseMoves;
import dev.patchlane.pipeline.config.PatchlaneConfig;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.status.JobStatusView;
import dev.patchlane.sink.config.PublishConfig;
import dev.patchlane.sink.github.Sleeper;
import dev.patchlane.sink.publish.Publishers;
import dev.patchlane.worker.verify.VerifyConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Follows the bases of patchlane's open pull requests: a verified push is coalesced per branch ({@link MoveCoalescer}),
 * and a scan ({@link BaseMoveScan}) runs at most once per branch per {@code patchlane.rebase.interval} on one thread,
 * so a busy base causes no storm. Moves wait in memory only: a process stopped with moves pending forgets them, and the
 * next push to that base judges the pull requests again against the base as it then is.
 */
@ApplicationScoped
public class RebaseWatcher implements BaseMoves {

    private static final Logger LOG = Logger.getLogger(RebaseWatcher.class);
    private static final int REPORTS_KEPT = 100;
    private static final long TICK_MILLIS = 200;

    @Inject
    RebaseConfig config;

    @Inject
    PatchlaneConfig patchlane;

    @Inject
    PublishConfig publishConfig;

    @Inject
    VerifyConfig verify;

    @Inject
    JobStatusView statuses;

    @Inject
    JobIntake intake;

    @Inject
    RepositoryCache repositories;

    @Inject
    TopicNames topics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final Deque<ScanReport> reports = new ArrayDeque<>();
    private MoveCoalescer coalescer;
    private ScheduledExecutorService ticker;
    private Publishers publishers;
    private BaseMoveScan scan;

    @Override
    public synchronized String accept(BaseMove move) {
        if (!config.enabled()) {
            return "ignored: patchlane.rebase.enabled is false";
        }
        if (coalescer == null) {
            coalescer = new MoveCoalescer(config.interval(), config.maxPendingBranches());
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "patchlane-rebase");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        return switch (coalescer.offer(move, Instant.now())) {
            case QUEUED -> "queued for a scan of " + move.branch();
            case COALESCED -> "coalesced with a move of " + move.branch() + " already waiting";
            case DUPLICATE -> "already seen: " + move.branch() + " at " + move.after();
        };
    }

    /** The latest scans, newest last. */
    public synchronized List<ScanReport> reports() {
        return List.copyOf(reports);
    }

    private void tick() {
        for (BaseMove move : coalescer.due(Instant.now())) {
            ScanReport report;
            try {
                report = scan().scan(move);
            } catch (RuntimeException e) {
                report = new ScanReport(move.deliveryId(), move.repository(), move.branch(), move.after(),
                        List.of("scan failed: " + e.getMessage()), List.of(), Instant.now());
            }
            LOG.infof("base %s of %s moved to %s: %s", move.branch(), move.repository(), move.after(), String.join("; ", report.notes()));
            synchronized (this) {
                reports.addLast(report);
                while (reports.size() > REPORTS_KEPT) {
                    reports.removeFirst();
                }
            }
        }
    }

    private synchronized BaseMoveScan scan() {
        if (scan == null) {
            publishers = new Publishers(publishConfig, patchlane.patchDir(), Sleeper.real(), System::getenv);
            scan = new BaseMoveScan(config, publishers, statuses, intake, repositories,
                    new SubmittedJobs(bootstrapServers, topics.submitted(), java.time.Duration.ofSeconds(30), config.maxLookupRecords()),
                    repository -> Optional.ofNullable(verify.repositories().get(repository)).map(r -> !r.checks().isEmpty()).orElse(false));
        }
        return scan;
    }

    @PreDestroy
    synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (publishers != null) {
            publishers.close();
        }
    }
}
