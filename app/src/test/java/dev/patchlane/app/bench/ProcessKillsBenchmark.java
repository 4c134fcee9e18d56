package dev.patchlane.app.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.bench.kills.ConsumerGroups;
import dev.patchlane.app.bench.kills.EffectsAudit;
import dev.patchlane.app.bench.kills.FleetRole;
import dev.patchlane.app.bench.kills.LintRepository;
import dev.patchlane.app.bench.kills.PendingRecords;
import dev.patchlane.app.bench.kills.RoleProcess;
import dev.patchlane.app.kafka.EmbeddedKafkaBroker;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Json;
import dev.patchlane.ingest.auth.TokenGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Several processes per role of the packaged binary against one broker that outlives them (in this JVM), jobs
 * submitted throughout, and one process SIGKILLed and started again, in turn by role, {@code bench.kills} times. Per
 * kill: how long until the survivors of its consumer groups own every partition (failover), how long the new process
 * takes to be ready and to be a member again (rejoin). At the end every job must be terminal, with one branch of one
 * commit and one patch file per published job. Run with {@code bench/process-kills}; not part of the build.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = Bench.ENABLED, matches = "true")
class ProcessKillsBenchmark {

    private static final int KILLS = Integer.getInteger("bench.kills", 20);
    private static final int ROUTERS = Integer.getInteger("bench.routers", 2);
    private static final int FAST_WORKERS = Integer.getInteger("bench.fast-workers", 3);
    private static final int DEEP_WORKERS = Integer.getInteger("bench.deep-workers", 1);
    private static final int SINKS = Integer.getInteger("bench.sinks", 2);
    private static final int PARTITIONS = Integer.getInteger("bench.partitions", 6);
    private static final double JOBS_PER_SECOND = Double.parseDouble(System.getProperty("bench.jobs-per-second", "2"));
    private static final int DEEP_EVERY = Integer.getInteger("bench.deep-every", 8);
    private static final int MAX_JOBS = Integer.getInteger("bench.max-jobs", 3000);
    private static final long PAUSE_MS = Long.getLong("bench.pause-ms", 3000);
    private static final String HEAP = System.getProperty("bench.heap", "256m");
    private static final Duration DRAIN = Duration.ofMinutes(Long.getLong("bench.drain-minutes", 10));
    // The drain ends early once no job has become terminal for this long: what remains then is stuck, not slow.
    private static final Duration DRAIN_STALL = Duration.ofSeconds(Long.getLong("bench.drain-stall-seconds", 120));
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final List<FleetRole> KILL_ORDER = List.of(FleetRole.FAST_WORKER, FleetRole.SINK, FleetRole.ROUTER, FleetRole.DEEP_WORKER);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String TOKEN = TokenGenerator.newToken();

    private final Path work = Path.of("target", "process-kills").toAbsolutePath();

    /** One kill: who, and the figures measured around it (-1 where not measured). */
    private record Kill(String process, String role, int survivors, long failoverMs, long readyMs, long rejoinMs) {
    }

    @Test
    void sigkilledProcessesLoseNoJobAndDoubleNoEffect() throws Exception {
        deleteRecursively(work);
        Files.createDirectories(work);
        long runStart = System.nanoTime();
        LintRepository repository = LintRepository.create(work.resolve("repo"), MAX_JOBS);
        Path patches = Files.createDirectories(work.resolve("shared-patches"));
        List<RoleProcess> fleet = new ArrayList<>();
        Map<String, String> ids = new ConcurrentHashMap<>();
        List<Kill> kills = new ArrayList<>();
        EffectsAudit audit;
        String bootstrap;
        long submittedUntil;
        long drainedMs;
        AtomicInteger refused = new AtomicInteger();
        String aborted = null;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"))) {
            bootstrap = broker.bootstrapServers();
            try {
                RoleProcess ingest = process(fleet, "ingest-1", FleetRole.INGEST, bootstrap, repository, patches);
                ingest.start();
                ingest.awaitReady(START);
                for (int i = 1; i <= ROUTERS; i++) {
                    process(fleet, "router-" + i, FleetRole.ROUTER, bootstrap, repository, patches);
                }
                for (int i = 1; i <= FAST_WORKERS; i++) {
                    process(fleet, "fast-worker-" + i, FleetRole.FAST_WORKER, bootstrap, repository, patches);
                }
                for (int i = 1; i <= DEEP_WORKERS; i++) {
                    process(fleet, "deep-worker-" + i, FleetRole.DEEP_WORKER, bootstrap, repository, patches);
                }
                for (int i = 1; i <= SINKS; i++) {
                    process(fleet, "sink-" + i, FleetRole.SINK, bootstrap, repository, patches);
                }
                for (RoleProcess process : fleet.subList(1, fleet.size())) {
                    process.start();
                }
                for (RoleProcess process : fleet) {
                    process.awaitReady(START);
                }
                long fleetReadyMs = (System.nanoTime() - runStart) / 1_000_000;
                try (ConsumerGroups groups = new ConsumerGroups(bootstrap)) {
                    for (FleetRole role : KILL_ORDER) {
                        groups.awaitSettled(role, current(ofRole(fleet, role)), "every process a member", SETTLE);
                    }
                    AtomicBoolean submitting = new AtomicBoolean(true);
                    Thread submitter = new Thread(() -> submit(ingest.port(), repository, ids, submitting, refused), "bench-submitter");
                    submitter.start();
                    TimeUnit.MILLISECONDS.sleep(PAUSE_MS * 2);
                    try {
                        for (int k = 0; k < KILLS; k++) {
                            FleetRole role = KILL_ORDER.get(k % KILL_ORDER.size());
                            List<RoleProcess> ofRole = ofRole(fleet, role);
                            RoleProcess victim = ofRole.get((k / KILL_ORDER.size()) % ofRole.size());
                            kills.add(killAndRestart(victim, ofRole, groups));
                            System.out.println("bench: kill " + (k + 1) + "/" + KILLS + " " + kills.get(kills.size() - 1) + ", " + ids.size()
                                    + " jobs submitted");
                            TimeUnit.MILLISECONDS.sleep(PAUSE_MS);
                        }
                    } catch (IllegalStateException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        // Still drain and audit what was submitted, so the report says what the failure cost.
                        aborted = "after " + kills.size() + " kills: " + e;
                        e.printStackTrace();
                    }
                    submitting.set(false);
                    submitter.join();
                    submittedUntil = System.nanoTime();
                }
                Set<String> jobs = Set.copyOf(ids.values());
                long deadline = System.nanoTime() + DRAIN.toNanos();
                int terminal = 0;
                long progressAt = System.nanoTime();
                while (terminal < jobs.size() && System.nanoTime() < deadline && System.nanoTime() - progressAt < DRAIN_STALL.toNanos()) {
                    TimeUnit.SECONDS.sleep(2);
                    int now = EffectsAudit.terminal(EffectsAudit.statuses(bootstrap, jobs));
                    if (now > terminal) {
                        terminal = now;
                        progressAt = System.nanoTime();
                    }
                }
                drainedMs = (System.nanoTime() - submittedUntil) / 1_000_000;
                int unfinishedBeforeStop = jobs.size() - terminal;
                // Offsets before and after the graceful stop tell a record the stop committed from one committed earlier.
                Map<String, Map<org.apache.kafka.common.TopicPartition, Long>> beforeStop = PendingRecords.committed(bootstrap);
                long stopStart = System.nanoTime();
                stopAll(fleet);
                long stopMs = (System.nanoTime() - stopStart) / 1_000_000;
                Map<String, Map<org.apache.kafka.common.TopicPartition, Long>> afterStop = PendingRecords.committed(bootstrap);
                audit = EffectsAudit.of(bootstrap, jobs, repository.dir(), patches, beforeStop, afterStop);
                Bench.Report report = report(fleet, kills, audit, jobs.size(), fleetReadyMs, drainedMs, (System.nanoTime() - runStart) / 1_000_000)
                        .row("submissions refused or failed", refused.get())
                        .row("unfinished when the drain ended (before the stop)", unfinishedBeforeStop)
                        .row("graceful stop of all processes", stopMs + " ms");
                if (aborted != null) {
                    report.row("ABORTED", aborted);
                }
                report.write();
            } finally {
                // Before the broker closes, so that no process logs its absence.
                stopAll(fleet);
            }
        }
        assertTrue(aborted == null && kills.size() >= KILLS, "every kill was made: " + aborted);
        assertTrue(audit.clean(), "nothing lost, nothing doubled: " + audit.problems());
    }

    /** SIGKILL, then start it again at once, as a supervisor would; every figure is counted from the kill. */
    private Kill killAndRestart(RoleProcess victim, List<RoleProcess> ofRole, ConsumerGroups groups) throws Exception {
        FleetRole role = victim.role();
        groups.awaitSettled(role, current(ofRole), "every process a member", SETTLE);
        String killedPrefix = victim.clientIdPrefix();
        long killed = System.nanoTime();
        victim.kill();
        victim.start();
        CompletableFuture<Long> ready = CompletableFuture.supplyAsync(() -> {
            try {
                victim.awaitReady(START);
                return System.nanoTime();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        long failover = groups.awaitSettled(role, clients -> clients.stream().noneMatch(id -> id.startsWith(killedPrefix)),
                "no member of the killed process", SETTLE) - killed;
        long readyAt = ready.get(START.toSeconds(), TimeUnit.SECONDS) - killed;
        long rejoin = groups.awaitSettled(role, current(ofRole), "the restarted process a member again", SETTLE) - killed;
        return new Kill(victim.name(), role.configName(), ofRole.size() - 1, failover / 1_000_000, readyAt / 1_000_000, rejoin / 1_000_000);
    }

    /** One member per process of the role, each of its current start. */
    private static Predicate<List<String>> current(List<RoleProcess> ofRole) {
        return clients -> clients.size() == ofRole.size()
                && ofRole.stream().allMatch(p -> clients.stream().filter(id -> id.startsWith(p.clientIdPrefix())).count() == 1);
    }

    /** Submits jobs at a steady rate until told to stop, one file each, every DEEP_EVERY-th forced to the deep lane. */
    private static void submit(int port, LintRepository repository, Map<String, String> ids, AtomicBoolean submitting, AtomicInteger refused) {
        String run = Long.toString(System.currentTimeMillis(), 36);
        long intervalNanos = (long) (1e9 / JOBS_PER_SECOND);
        long next = System.nanoTime();
        for (int n = 0; submitting.get() && n < repository.files(); n++) {
            try {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next += intervalNanos;
                byte[] body = Json.write(repository.job(run, n, DEEP_EVERY > 0 && n % DEEP_EVERY == DEEP_EVERY - 1));
                HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/jobs"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 202 || response.statusCode() == 200) {
                    ids.put("n" + n, (String) Json.mapper().readValue(response.body(), Map.class).get("id"));
                } else {
                    refused.incrementAndGet();
                    System.out.println("bench: job " + n + " refused " + response.statusCode() + " " + new String(response.body()));
                }
            } catch (IOException e) {
                refused.incrementAndGet();
                System.out.println("bench: job " + n + " not submitted: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private RoleProcess process(List<RoleProcess> fleet, String name, FleetRole role, String bootstrap, LintRepository repository,
            Path patches) throws IOException {
        Path dataDir = work.resolve(name);
        Files.createDirectories(dataDir);
        // Sinks share one patch directory, as the deployment notes ask, so a job's file is created once whichever sink wins.
        Files.createSymbolicLink(dataDir.resolve("patches"), patches);
        List<String> jvm = List.of("-Xmx" + HEAP, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")),
                "-Dpatchlane.kafka.partitions=" + PARTITIONS,
                "-Dpatchlane.repositories.allow-local=" + repository.dir(),
                "-Dpatchlane.auth.tokens.bench.tenant=bench",
                "-Dpatchlane.auth.tokens.bench.sha256=" + TokenGenerator.sha256Hex(TOKEN),
                "-Dpatchlane.auth.tokens.bench.scopes=admin",
                // Shortish deep timing, so a deep job takes seconds rather than a minute.
                "-Dpatchlane.lane.deep.emulator.time-to-first-token=300ms",
                "-Dpatchlane.lane.deep.emulator.tokens-per-second=1000");
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "PATCHLANE_FAST_CONCURRENCY", "32");
        RoleProcess process = new RoleProcess(name, role, dataDir, jvm, env);
        fleet.add(process);
        return process;
    }

    private static void stopAll(List<RoleProcess> fleet) throws InterruptedException {
        fleet.forEach(RoleProcess::terminate);
        for (RoleProcess process : fleet) {
            process.stop();
        }
    }

    private static List<RoleProcess> ofRole(List<RoleProcess> fleet, FleetRole role) {
        return fleet.stream().filter(p -> p.role().equals(role)).toList();
    }

    private static Bench.Report report(List<RoleProcess> fleet, List<Kill> kills, EffectsAudit audit, int jobs, long fleetReadyMs,
            long drainedMs, long totalMs) {
        Map<String, Integer> topology = new LinkedHashMap<>();
        fleet.forEach(p -> topology.merge(p.role().configName(), 1, Integer::sum));
        Bench.Report report = new Bench.Report("process-kills")
                .row("processes", topology + ", -Xmx" + HEAP + " each, " + PARTITIONS + " partitions per topic")
                .row("jobs submitted", jobs + " (LINT_FIX, one file each, every " + DEEP_EVERY + "th forced deep, " + JOBS_PER_SECOND + "/s)")
                .row("SIGKILLs", kills.size())
                .row("ends", audit.ends())
                .row("unfinished after the stop (no terminal status)", audit.unfinished())
                .row("  backlog: pending record not committed, per group", orDash(audit.pending().backlog()))
                .row("  LOST: pending record committed before the stop", orDash(audit.pending().ackedBeforeStop()))
                .row("  LOST: pending record committed by the stop", orDash(audit.pending().ackedAtStop()))
                .row("  LOST: pending record dead-lettered", orDash(audit.pending().deadLettered()))
                .row("conflicting terminal states", audit.conflictingEnds())
                .row("bot branches", audit.branches() + " (not one commit on main, or not the announced commit: " + audit.badBranches() + ")")
                .row("patch files", audit.patchFiles() + " (leftover .tmp of killed sinks: " + audit.leftoverTemps() + ")")
                .row("jobs announced with two effects", audit.doubleEffects())
                .row("published without branch/file", audit.missingEffects())
                .row("dead letters (any job), by exception class", audit.deadLetters() + " " + audit.pending().deadLetterClasses())
                .row("RUNNING written again (work redone)", audit.runningRewrites())
                .row("jobs announced again, same effect", audit.reannounced() + " (the published topic is at least once)")
                .row("fleet start to ready", fleetReadyMs + " ms")
                .row("drain after last kill", drainedMs + " ms")
                .row("whole run", totalMs / 1000 + " s");
        for (String role : kills.stream().map(Kill::role).distinct().toList()) {
            List<Kill> ofRole = kills.stream().filter(k -> k.role().equals(role)).toList();
            report.row("failover " + role + ", " + ofRole.get(0).survivors() + " survivor(s) (p50/max)", summary(ofRole, Kill::failoverMs))
                    .row("ready " + role + " (p50/max)", summary(ofRole, Kill::readyMs))
                    .row("rejoin " + role + " (p50/max)", summary(ofRole, Kill::rejoinMs));
        }
        report.row("failover, kills with survivors (p50/max)", summary(kills.stream().filter(k -> k.survivors() > 0).toList(), Kill::failoverMs));
        report.note("all from the SIGKILL; the process is started again at once. failover: every partition of the role's groups owned by a"
                + " live member, none by the killed one (with no survivor: by the restarted one); ready: /q/health/ready answers 200;"
                + " rejoin: the restarted process a member again, group Stable.");
        report.note("per kill: process, survivors in its groups, failover ms, ready ms, rejoin ms");
        kills.forEach(k -> report.note(String.format(java.util.Locale.ROOT, "  %-14s %d %7d %7d %7d", k.process(), k.survivors(),
                k.failoverMs(), k.readyMs(), k.rejoinMs())));
        audit.problems().forEach(p -> report.note("problem: " + p));
        return report;
    }

    private static Object orDash(Map<String, Integer> counts) {
        return counts.isEmpty() ? "0" : counts;
    }

    private static String summary(List<Kill> kills, ToLongFunction<Kill> figure) {
        long[] values = kills.stream().mapToLong(figure).sorted().toArray();
        if (values.length == 0) {
            return "n/a";
        }
        return values[(values.length - 1) / 2] + " / " + values[values.length - 1] + " ms (n=" + values.length + ")";
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
