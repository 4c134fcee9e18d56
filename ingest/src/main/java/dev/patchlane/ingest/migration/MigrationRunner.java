package dev.patchlane.ingest.migration;

import dev.patchlane.codebase.CodebaseException;
import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.codebase.Snapshot;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Digests;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Migration;
import dev.patchlane.contracts.MigrationManifest;
import dev.patchlane.ingest.JobIntake;
import dev.patchlane.ingest.IntakeResult;
import dev.patchlane.pipeline.access.AccessDecision;
import dev.patchlane.pipeline.access.RepositoryAccessPolicy;
import dev.patchlane.pipeline.budget.MigrationBudgets;
import dev.patchlane.pipeline.tenancy.QuotaVerdict;
import dev.patchlane.pipeline.tenancy.TenantQuotas;
import dev.patchlane.pipeline.kafka.KafkaSender;
import dev.patchlane.pipeline.kafka.RecordHandler;
import dev.patchlane.pipeline.migration.MigrationView;
import dev.patchlane.pipeline.status.JobStatusView;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Fans a migration out into jobs: streams each repository's matching files in groups, derives each job's id from the
 * migration, repository and group (so a resubmitted or resumed migration finds its jobs), and keeps at most
 * {@code maxInFlight} of its jobs unfinished. The migration's record is acknowledged only when the fan-out has ended,
 * so a crash resumes it.
 */
@ApplicationScoped
public class MigrationRunner {

    private static final Logger LOG = Logger.getLogger(MigrationRunner.class);
    private static final Duration SLOT_POLL = Duration.ofMillis(50);
    /** Jobs written together: one broker round trip for their statuses and one for their job records (docs/architecture.md). */
    private static final int BATCH = 128;
    private static final Duration QUOTA_POLL = Duration.ofSeconds(5);
    /** The source type migration jobs carry, whose allow-list rules apply to a migration's repositories. */
    public static final String MIGRATION_SOURCE = "migration";

    @Inject
    TenantQuotas quotas;

    @Inject
    RepositoryAccessPolicy access;
    private static final Duration REPLAY_WAIT = Duration.ofMinutes(1);

    @Inject
    RepositoryCache repositories;

    @Inject
    JobIntake intake;

    @Inject
    JobStatusView statusView;

    @Inject
    MigrationView view;

    @Inject
    MigrationBudgets budgets;

    @Inject
    @Channel("migrations-out")
    MutinyEmitter<byte[]> out;

    private final FanOutProgress progress = new FanOutProgress();
    private final RecordHandler<Migration> handler = new RecordHandler<>("migrations", ContractSchema.MIGRATION, Migration.class);
    private final Set<String> cancelledHere = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming("migrations-run")
    @Blocking(value = "migrations", ordered = false)
    public void run(byte[] record) {
        handler.handle(record, this::run, (migration, e) -> {
            FanOutProgress.Counters counters = progress.get(migration.id());
            if (counters != null) {
                counters.phase = FanOutProgress.Phase.FAILED;
                counters.problem = e.getMessage();
                recordEnd(migration, counters);
            }
        });
    }

    private void run(Migration migration) {
        if (migration.cancelled()) {
            cancelledHere.add(migration.id());
            return;
        }
        view.awaitReplayed(REPLAY_WAIT);
        if (migration.fannedOut() || view.get(migration.id()).filter(Migration::fannedOut).isPresent()) {
            return;
        }
        FanOutProgress.Counters counters = progress.start(migration.id());
        try {
            fanOut(migration, counters);
            counters.phase = FanOutProgress.Phase.DONE;
            LOG.infof("migration %s fanned out: %s", migration.id(), counters.asMap());
        } catch (FanOutStopped e) {
            counters.phase = FanOutProgress.Phase.CANCELLED;
            LOG.infof("migration %s cancelled: %s", migration.id(), counters.asMap());
        } catch (BudgetSpent e) {
            counters.phase = FanOutProgress.Phase.CANCELLED;
            counters.problem = "stopped submitting: " + e.getMessage();
            LOG.infof("migration %s stopped by its total budget: %s", migration.id(), counters.asMap());
        } catch (FileGlobs.TooExpensive e) {
            // Retrying cannot help: the same glob meets the same path.
            counters.phase = FanOutProgress.Phase.FAILED;
            counters.problem = e.getMessage();
            LOG.warnf("migration %s stopped: %s", migration.id(), e.getMessage());
        }
        recordEnd(migration, counters);
    }

    /** Writes how the fan-out ended into the migration's record, so every process, and this one after a restart, knows. */
    private void recordEnd(Migration migration, FanOutProgress.Counters counters) {
        Migration ended = view.get(migration.id()).orElse(migration).withFanOut(counters.result());
        try {
            KafkaSender.send(out, migration.id(), ended);
            view.apply(ended);
        } catch (RuntimeException e) {
            LOG.warnf(e, "migration %s: could not record the end of its fan-out (%s)", migration.id(), counters.asMap());
        }
    }

    Optional<FanOutProgress.Counters> progress(String id) {
        return Optional.ofNullable(progress.get(id));
    }

    private boolean cancelled(String id) {
        return cancelledHere.contains(id) || view.cancelled(id);
    }

    private void fanOut(Migration migration, FanOutProgress.Counters counters) {
        if (!statusView.awaitReplayed(Duration.ofMinutes(5))) {
            throw new IllegalStateException("the status view did not finish loading; the migration will be retried");
        }
        MigrationManifest manifest = migration.manifest();
        FileGlobs globs = new FileGlobs(manifest.include(), manifest.exclude());
        Deque<String> inFlight = new ArrayDeque<>();
        Batch batch = new Batch();
        for (MigrationManifest.Target target : manifest.repositories()) {
            // A migration record written straight to Kafka bypasses POST /migrations' allow-list: judged before the clone.
            if (access.check(target.url(), migration.tenant(), MIGRATION_SOURCE) instanceof AccessDecision.Refused refused) {
                counters.problem = "skipped a repository refused by the allow-list: " + refused.detail();
                LOG.warnf("migration %s: %s", migration.id(), counters.problem);
                continue;
            }
            Snapshot snapshot;
            try {
                snapshot = repositories.snapshot(target.url(), target.refOrHead());
            } catch (CodebaseException e) {
                counters.problem = "skipped " + target.url() + ": " + e.getMessage();
                LOG.warnf("migration %s: %s", migration.id(), counters.problem);
                continue;
            }
            FileGroups.forEach(snapshot, globs, manifest.grouping(), paths -> {
                counters.groups.incrementAndGet();
                submit(migration, target, snapshot.commitId(), paths, inFlight, counters, batch);
            });
        }
        flush(migration, inFlight, counters, batch);
    }

    private void submit(Migration migration, MigrationManifest.Target target, String commit, List<String> paths,
            Deque<String> inFlight, FanOutProgress.Counters counters, Batch batch) {
        MigrationManifest manifest = migration.manifest();
        String key = "migration:" + migration.id() + ":" + groupHash(target.url(), target.refOrHead(), paths);
        String jobId = JobIds.fromIdempotencyKey(key);
        JobRequest request = new JobRequest(manifest.jobKind(), target.url(), commit, paths, manifest.instructions(), manifest.outputSchema(),
                manifest.laneHint(), new JobSource(MIGRATION_SOURCE, manifest.name(), migration.id()), key, manifest.budget());
        Optional<JobStatus> known = statusView.get(jobId);
        if (known.isPresent()) {
            counters.existing.incrementAndGet();
            if (!known.get().isTerminal()) {
                inFlight.add(jobId);
            }
            // Still SUBMITTED after a crash: its job record may never have been written; ingest writes it again.
            if (known.get().state() == JobState.SUBMITTED) {
                intake.submitOrRecordRefusal(request, migration.tenant());
            }
            return;
        }
        awaitSlot(migration, inFlight, counters, batch);
        // A job waiting in the batch holds its slot, so the in-flight limit counts it before it is written.
        inFlight.add(jobId);
        batch.requests.add(request);
        if (batch.requests.size() >= BATCH) {
            flush(migration, inFlight, counters, batch);
        }
    }

    /**
     * Writes the batch's jobs together (see {@link JobIntake#submitAll}); those a quota turned away are tried again
     * when it frees, and a refused job ends FAILED with the reason, as one submitted alone would.
     */
    private void flush(Migration migration, Deque<String> inFlight, FanOutProgress.Counters counters, Batch batch) {
        List<JobRequest> left = new ArrayList<>(batch.requests);
        batch.requests.clear();
        if (!left.isEmpty()) {
            stopIfOverBudget(migration);
        }
        while (!left.isEmpty()) {
            // Another submission of the tenant may take the last slot between the wait and the write: wait again.
            awaitQuota(migration, counters);
            holdIfStopping();
            List<IntakeResult> results = intake.submitAll(left, migration.tenant());
            List<JobRequest> throttled = new ArrayList<>();
            for (int i = 0; i < left.size(); i++) {
                JobRequest request = left.get(i);
                IntakeResult result = results.get(i);
                if (result instanceof IntakeResult.Throttled) {
                    throttled.add(request);
                } else if (intake.settle(request, migration.tenant(), result)) {
                    counters.submitted.incrementAndGet();
                } else {
                    inFlight.remove(JobIds.fromIdempotencyKey(request.idempotencyKey()));
                }
            }
            left = throttled;
        }
    }

    /** Jobs of a fan-out waiting to be written together. */
    private static final class Batch {
        private final List<JobRequest> requests = new ArrayList<>();
    }

    private void awaitSlot(Migration migration, Deque<String> inFlight, FanOutProgress.Counters counters, Batch batch) {
        int limit = migration.manifest().inFlightLimit();
        boolean waited = false;
        while (true) {
            if (cancelled(migration.id())) {
                throw new FanOutStopped();
            }
            stopIfOverBudget(migration);
            if (inFlight.size() < limit) {
                return;
            }
            // The jobs waiting in the batch hold slots but cannot end before they are written.
            if (!batch.requests.isEmpty()) {
                flush(migration, inFlight, counters, batch);
                continue;
            }
            inFlight.removeIf(id -> statusView.get(id).map(JobStatus::isTerminal).orElse(false));
            if (inFlight.size() < limit) {
                return;
            }
            if (!waited) {
                counters.waitingForSlot.incrementAndGet();
                waited = true;
            }
            holdIfStopping();
            sleep(SLOT_POLL);
        }
    }

    /** A tenant over one of its limits holds its fan-out until the limit frees, instead of failing the jobs. */
    private void awaitQuota(Migration migration, FanOutProgress.Counters counters) {
        boolean waited = false;
        while (true) {
            QuotaVerdict verdict = quotas.admit(migration.tenant());
            if (verdict.admitted()) {
                return;
            }
            if (cancelled(migration.id())) {
                throw new FanOutStopped();
            }
            if (!waited) {
                LOG.infof("migration %s waits for tenant %s's quota: %s", migration.id(), migration.tenant(), verdict.detail());
                counters.waitingForSlot.incrementAndGet();
                waited = true;
            }
            holdIfStopping();
            sleep(verdict.retryAfter().compareTo(SLOT_POLL) < 0 ? SLOT_POLL : min(verdict.retryAfter(), QUOTA_POLL));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * A fan-out cut short by a stop must not look finished: returning or failing would acknowledge the migration's
     * record and the rest would never be submitted. Holding the worker until the process exits leaves the record
     * unacknowledged, so the next start resumes the fan-out (existing jobs are skipped).
     */
    private void holdIfStopping() {
        if (!stopping) {
            return;
        }
        LOG.info("stopping: the migration fan-out in progress resumes at the next start");
        while (true) {
            sleep(Duration.ofSeconds(1));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            // An interrupt must not end the fan-out as if it were done (see holdIfStopping); the stop flag decides.
            Thread.interrupted();
        }
    }

    private static String groupHash(String url, String ref, List<String> paths) {
        List<String> parts = new ArrayList<>(paths.size() + 2);
        parts.add(url);
        parts.add(ref);
        parts.addAll(paths);
        return Digests.sha256Hex(parts);
    }

    /** A migration whose jobs spent its total budget submits no more (those submitted and not started end CANCELLED). */
    private void stopIfOverBudget(Migration migration) {
        Optional<String> spent = budgets.exhausted(migration.id());
        if (spent.isPresent()) {
            throw new BudgetSpent(spent.get());
        }
    }

    /** The migration's jobs spent its total budget while it fanned out. */
    private static final class BudgetSpent extends RuntimeException {
        BudgetSpent(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The migration was cancelled while it fanned out. */
    private static final class FanOutStopped extends RuntimeException {
        FanOutStopped() {
            super("cancelled", null, false, false);
        }
    }
}
