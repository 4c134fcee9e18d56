package dev.patchlane.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Transition;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A quiet tenant's end-to-end latency alone, beside a noisy tenant flooding under its max-in-flight quota, and beside
 * the same flood without the quota, in one process: every stage, the embedded broker and the emulator. Run with
 * {@code bench/tenant-fairness}; not part of the build (see {@link Bench}).
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@TestProfile(TenantFairnessProfile.class)
@Tag("benchmark")
@EnabledIfSystemProperty(named = Bench.ENABLED, matches = "true")
class TenantFairnessBenchmark {

    private static final int QUIET_JOBS = Integer.getInteger("bench.quiet-jobs", 20);
    private static final Duration QUIET_INTERVAL = Duration.ofMillis(Long.getLong("bench.quiet-interval-ms", 2000));
    private static final int FLOODERS = Integer.getInteger("bench.flooders", 4);
    /** Jobs of the unlimited flood; 0 means as many as the limited neighbour had accepted, so both floods carry the same work. */
    private static final int UNLIMITED_JOBS = Integer.getInteger("bench.unlimited-jobs", 0);
    private static final int WARM_UP_JOBS = 4;
    /** The flood runs this long before the quiet tenant starts, so it is at its limit when the first quiet job arrives. */
    private static final Duration HEAD_START = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration DEADLINE = Duration.ofMinutes(Long.getLong("bench.deadline-minutes", 10));
    private static final double TARGET = 2.0;
    private static final int LINT_FILES = 20;

    @TestHTTPResource("/jobs")
    URI jobs;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private String repository;

    /** A finished quiet run: every job's terminal status, and how long each POST took at the client. */
    private record QuietRun(List<JobStatus> statuses, long[] postNanos) {
        long[] latencies() {
            return statuses.stream().mapToLong(TenantFairnessBenchmark::endToEnd).toArray();
        }

        double p95() {
            return Bench.percentileMs(latencies(), 95);
        }
    }

    /** What a flood did: its attempts, accepted job ids and 429s, and how long it ran. */
    private record FloodRun(int attempts, List<String> accepted, int throttled, int other, String firstOther, long nanos,
            List<JobStatus> statuses) {
    }

    @Test
    void quietTenantAloneBesideALimitedAndBesideAnUnlimitedNoisyNeighbour() throws Exception {
        repository = TestPipeline.prepared().plan().repository().toString();
        Bench.Report report = new Bench.Report("tenant-fairness");
        report.row("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", max heap " + Bench.mib(Bench.heapMax()) + ", embedded KRaft broker in this JVM");
        report.row("service roles", "all (ingest, router, fast and deep workers, sink) in one process, emulator decoders");
        report.row("jobs", "LINT_FIX of one file (src/main/java/demo/lint/WidgetN.java, N = 1.." + LINT_FILES
                + ") of the sample repository: fast lane, verified by its build + lint checks, published as a branch");
        report.row("quiet tenant", QUIET_JOBS + " jobs per phase, one every " + QUIET_INTERVAL.toMillis() + " ms, unique idempotency keys");
        report.row("noisy tenant", FLOODERS + " client threads posting back to back, sleeping Retry-After on a 429; max-in-flight "
                + TenantFairnessProfile.NOISY_MAX_IN_FLIGHT);

        awaitTerminal(submitEvenly("warm-up", WARM_UP_JOBS).ids(), TenantFairnessProfile.QUIET);

        Cpu start = Cpu.now();
        QuietRun alone = quietPhase("alone");
        Cpu afterAlone = Cpu.now();

        Flood limited = new Flood("noisy", TenantFairnessProfile.NOISY, Integer.MAX_VALUE);
        QuietRun besideLimited = quietPhaseBeside(limited);
        FloodRun limitedRun = limited.finish();
        Cpu afterLimited = Cpu.now();

        int unlimitedJobs = UNLIMITED_JOBS > 0 ? UNLIMITED_JOBS : limitedRun.accepted().size();
        Flood unlimited = new Flood("noisy-unlimited", TenantFairnessProfile.NOISY_UNLIMITED, unlimitedJobs);
        QuietRun besideUnlimited = quietPhaseBeside(unlimited);
        FloodRun unlimitedRun = unlimited.finish();
        Cpu afterUnlimited = Cpu.now();

        quietRows(report, "1. quiet alone", alone);
        report.row("1. CPU", afterAlone.since(start, alone.statuses().size()));
        quietRows(report, "2. quiet beside noisy (max-in-flight " + TenantFairnessProfile.NOISY_MAX_IN_FLIGHT + ")", besideLimited);
        floodRows(report, "2. noisy (max-in-flight " + TenantFairnessProfile.NOISY_MAX_IN_FLIGHT + ")", limitedRun);
        report.row("2. CPU", afterLimited.since(afterAlone, besideLimited.statuses().size() + limitedRun.statuses().size()));
        quietRows(report, "3. quiet beside noisy-unlimited", besideUnlimited);
        floodRows(report, "3. noisy-unlimited (" + unlimitedJobs + " jobs, default max-in-flight only)", unlimitedRun);
        report.row("3. CPU", afterUnlimited.since(afterLimited, besideUnlimited.statuses().size() + unlimitedRun.statuses().size()));
        double limitedRatio = besideLimited.p95() / alone.p95();
        double unlimitedRatio = besideUnlimited.p95() / alone.p95();
        report.row("ratio quiet p95 beside noisy / alone", Bench.fixed(limitedRatio, 2) + " (target <= " + Bench.fixed(TARGET, 1) + ": "
                + (limitedRatio <= TARGET ? "met" : "NOT met") + ")");
        report.row("ratio quiet p95 beside noisy-unlimited / alone", Bench.fixed(unlimitedRatio, 2));
        report.note("stage times are between consecutive transitions of each job's status history (p50 / p95 in ms);");
        report.note("end to end is the first transition (SUBMITTED, ingest) to the terminal one, both on the service's clock.");
        report.write();

        assertTrue(limitedRun.throttled() > 0, "the noisy tenant reached its max-in-flight at least once: " + limitedRun);
        assertEquals(0, unlimitedRun.throttled(), "the unlimited neighbour is never throttled");
        assertEquals(0, limitedRun.other() + unlimitedRun.other(), "every flood POST answered 202 or 429: " + limitedRun.firstOther()
                + " " + unlimitedRun.firstOther());
    }

    private QuietRun quietPhase(String label) throws Exception {
        Submitted submitted = submitEvenly(label, QUIET_JOBS);
        return new QuietRun(awaitTerminal(submitted.ids(), TenantFairnessProfile.QUIET), submitted.postNanos());
    }

    /** The flood starts, the quiet tenant submits beside it, and the flood stops once every quiet job has ended. */
    private QuietRun quietPhaseBeside(Flood flood) throws Exception {
        flood.start();
        Thread.sleep(HEAD_START.toMillis());
        QuietRun quiet = quietPhase(flood.tenant);
        flood.stop();
        return quiet;
    }

    private record Submitted(List<String> ids, long[] postNanos) {
    }

    /** The quiet tenant's jobs at a steady rate, each POST at its slot whatever the last one took (an open loop). */
    private Submitted submitEvenly(String label, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        long[] postNanos = new long[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long slot = start + i * QUIET_INTERVAL.toNanos();
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long posted = System.nanoTime();
            HttpResponse<byte[]> response = post(TenantFairnessProfile.QUIET, "quiet-" + label + "-" + run + "-" + i, i);
            postNanos[i] = System.nanoTime() - posted;
            if (response.statusCode() != 202) {
                fail("the quiet tenant's POST /jobs answered " + response.statusCode() + ": " + new String(response.body()));
            }
            ids.add(Json.mapper().readTree(response.body()).get("id").asText());
        }
        return new Submitted(ids, postNanos);
    }

    private HttpResponse<byte[]> post(String token, String key, int n) throws IOException, InterruptedException {
        JobRequest request = new JobRequest(JobKind.LINT_FIX, repository, "main",
                List.of("src/main/java/demo/lint/Widget" + (n % LINT_FILES + 1) + ".java"), "Fix the lint findings.", null, null, null, key);
        return http.send(HttpRequest.newBuilder(jobs).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(request))).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Polls GET /jobs/{id} with the tenant's token until every job is terminal; returns their statuses in order. */
    private List<JobStatus> awaitTerminal(List<String> ids, String token) throws Exception {
        Map<String, JobStatus> done = new LinkedHashMap<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (done.size() < ids.size()) {
            for (String id : ids) {
                if (!done.containsKey(id)) {
                    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(jobs + "/" + id))
                            .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() == 200) {
                        JobStatus status = Json.read(response.body(), JobStatus.class);
                        if (status.isTerminal()) {
                            done.put(id, status);
                        }
                    }
                }
            }
            if (done.size() < ids.size()) {
                if (System.nanoTime() > deadline) {
                    fail((ids.size() - done.size()) + " of " + ids.size() + " jobs not terminal after " + DEADLINE);
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        return ids.stream().map(done::get).toList();
    }

    /** Client threads of one tenant posting as fast as they are answered, up to {@code cap} accepted jobs. */
    private final class Flood {
        private final String tenant;
        private final String token;
        private final int cap;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicInteger attempts = new AtomicInteger();
        private final AtomicInteger throttled = new AtomicInteger();
        private final AtomicInteger other = new AtomicInteger();
        private final AtomicReference<String> firstOther = new AtomicReference<>();
        private final Collection<String> accepted = ConcurrentHashMap.newKeySet();
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicLong ended = new AtomicLong();
        private long started;

        Flood(String tenant, String token, int cap) {
            this.tenant = tenant;
            this.token = token;
            this.cap = cap;
        }

        void start() {
            started = System.nanoTime();
            for (int t = 0; t < FLOODERS; t++) {
                Thread thread = new Thread(this::flood, "flood-" + tenant + "-" + t);
                threads.add(thread);
                thread.start();
            }
        }

        private void flood() {
            try {
                while (!stopped.get()) {
                    int n = attempts.getAndIncrement();
                    if (n >= cap) {
                        attempts.decrementAndGet();
                        return;
                    }
                    HttpResponse<byte[]> response = post(token, tenant + "-" + run + "-" + n, n);
                    if (response.statusCode() == 202) {
                        accepted.add(Json.mapper().readTree(response.body()).get("id").asText());
                    } else if (response.statusCode() == 429) {
                        throttled.incrementAndGet();
                        sleepUnlessStopped(Duration.ofSeconds(Long.parseLong(response.headers().firstValue("Retry-After").orElse("1"))));
                    } else {
                        other.incrementAndGet();
                        firstOther.compareAndSet(null, response.statusCode() + " " + new String(response.body()));
                    }
                }
            } catch (IOException e) {
                other.incrementAndGet();
                firstOther.compareAndSet(null, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ended.accumulateAndGet(System.nanoTime(), Math::max);
            }
        }

        private void sleepUnlessStopped(Duration pause) throws InterruptedException {
            long until = System.nanoTime() + pause.toNanos();
            while (!stopped.get() && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        }

        void stop() throws InterruptedException {
            stopped.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        /** Waits for the flood's accepted jobs to end, so the next phase starts on an idle pipeline. */
        FloodRun finish() throws Exception {
            List<String> ids = List.copyOf(accepted);
            List<JobStatus> statuses = awaitTerminal(ids, token);
            return new FloodRun(attempts.get(), ids, throttled.get(), other.get(), firstOther.get(), ended.get() - started, statuses);
        }
    }

    /**
     * CPU time in clock ticks: the machine's busy time (/proc/stat) and this JVM's with its reaped children, the checks
     * (/proc/self/stat), so a phase shows what other processes on a shared machine took from it.
     */
    private record Cpu(long wall, long machineBusy, long self) {
        private static final double TICKS = 100.0;

        static Cpu now() throws IOException {
            String[] machine = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < machine.length && i <= 8; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(machine[i]);
            }
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] own = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long self = Long.parseLong(own[11]) + Long.parseLong(own[12]) + Long.parseLong(own[13]) + Long.parseLong(own[14]);
            return new Cpu(System.nanoTime(), busy, self);
        }

        String since(Cpu before, int jobs) {
            double seconds = (wall - before.wall) / 1e9;
            double capacity = seconds * Runtime.getRuntime().availableProcessors();
            double busy = (machineBusy - before.machineBusy) / TICKS;
            double own = (self - before.self) / TICKS;
            return String.format(Locale.ROOT, "%.0f s: machine busy %.0f%% of %d cores, this JVM and its checks %.0f%%, other processes %.0f%%;"
                    + " %.2f CPU-s of this JVM per job ended (%d)", seconds, 100 * busy / capacity, Runtime.getRuntime().availableProcessors(),
                    100 * own / capacity, 100 * Math.max(0, busy - own) / capacity, own / Math.max(1, jobs), jobs);
        }
    }

    private static void quietRows(Bench.Report report, String label, QuietRun quiet) {
        long[] latencies = quiet.latencies();
        report.row(label + ": end to end p50 / p95 / max", Bench.ms(Bench.percentileMs(latencies, 50)) + " / "
                + Bench.ms(Bench.percentileMs(latencies, 95)) + " / " + Bench.ms(Bench.percentileMs(latencies, 100)));
        report.row(label + ": ended", states(quiet.statuses()));
        report.row(label + ": POST /jobs p50 / p95", Bench.ms(Bench.percentileMs(quiet.postNanos(), 50)) + " / "
                + Bench.ms(Bench.percentileMs(quiet.postNanos(), 95)));
        stages(quiet.statuses()).forEach((stage, nanos) -> report.row(label + ":   " + stage,
                Bench.fixed(Bench.percentileMs(nanos, 50), 0) + " / " + Bench.fixed(Bench.percentileMs(nanos, 95), 0)));
        long[] verifying = quiet.statuses().stream().filter(s -> s.verification() != null)
                .mapToLong(s -> s.verification().durationMs() * 1_000_000).toArray();
        long[] checking = quiet.statuses().stream().filter(s -> s.verification() != null)
                .mapToLong(s -> s.verification().checks().stream().mapToLong(CheckResult::durationMs).sum() * 1_000_000).toArray();
        if (verifying.length > 0) {
            report.row(label + ":     of which verification (slot wait, checkout, checks) / checks running",
                    Bench.fixed(Bench.percentileMs(verifying, 50), 0) + " / " + Bench.fixed(Bench.percentileMs(verifying, 95), 0) + ", "
                    + Bench.fixed(Bench.percentileMs(checking, 50), 0) + " / " + Bench.fixed(Bench.percentileMs(checking, 95), 0));
        }
    }

    private static void floodRows(Bench.Report report, String label, FloodRun flood) {
        List<JobStatus> statuses = flood.statuses();
        double seconds = flood.nanos() / 1e9;
        report.row(label + ": attempts / accepted / 429", flood.attempts() + " / " + flood.accepted().size() + " / " + flood.throttled()
                + (flood.other() > 0 ? " / " + flood.other() + " other: " + flood.firstOther() : ""));
        report.row(label + ": flood ran", Bench.fixed(seconds, 1) + " s, " + Bench.fixed(flood.accepted().size() / seconds, 2)
                + " jobs accepted/s");
        if (statuses.isEmpty()) {
            return;
        }
        Instant first = statuses.stream().map(s -> s.history().get(0).at()).min(Instant::compareTo).orElseThrow();
        Instant last = statuses.stream().map(TenantFairnessBenchmark::endedAt).max(Instant::compareTo).orElseThrow();
        double span = Duration.between(first, last).toNanos() / 1e9;
        report.row(label + ": throughput", statuses.size() + " jobs ended in " + Bench.fixed(span, 1) + " s from the first SUBMITTED = "
                + Bench.fixed(statuses.size() / span, 2) + " jobs/s");
        long[] latencies = statuses.stream().mapToLong(TenantFairnessBenchmark::endToEnd).toArray();
        report.row(label + ": end to end p50 / p95", Bench.ms(Bench.percentileMs(latencies, 50)) + " / " + Bench.ms(Bench.percentileMs(latencies, 95)));
        long[] checking = statuses.stream().filter(s -> s.verification() != null)
                .mapToLong(s -> s.verification().checks().stream().mapToLong(CheckResult::durationMs).sum() * 1_000_000).toArray();
        if (checking.length > 0) {
            report.row(label + ": checks running p50 / p95", Bench.ms(Bench.percentileMs(checking, 50)) + " / "
                    + Bench.ms(Bench.percentileMs(checking, 95)));
        }
        report.row(label + ": most in flight at once (from histories)", Integer.toString(peakInFlight(statuses)));
        report.row(label + ": ended", states(statuses));
    }

    private static long endToEnd(JobStatus status) {
        return Duration.between(status.history().get(0).at(), endedAt(status)).toNanos();
    }

    private static Instant endedAt(JobStatus status) {
        return status.history().get(status.history().size() - 1).at();
    }

    private static String states(List<JobStatus> statuses) {
        Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
        statuses.forEach(s -> counts.merge(s.state(), 1, Integer::sum));
        return counts.toString();
    }

    /** Time between consecutive transitions, by the pair of states, in the order jobs pass them. */
    private static Map<String, long[]> stages(List<JobStatus> statuses) {
        Map<String, List<Long>> byStage = new LinkedHashMap<>();
        for (JobStatus status : statuses) {
            List<Transition> history = status.history();
            for (int i = 1; i < history.size(); i++) {
                String stage = history.get(i - 1).state() + " -> " + history.get(i).state() + " (" + history.get(i).stage() + ")";
                byStage.computeIfAbsent(stage, s -> new ArrayList<>()).add(Duration.between(history.get(i - 1).at(), history.get(i).at()).toNanos());
            }
        }
        Map<String, long[]> result = new LinkedHashMap<>();
        byStage.forEach((stage, nanos) -> result.put(stage + " p50 / p95 ms, n=" + nanos.size(),
                nanos.stream().mapToLong(Long::longValue).toArray()));
        return result;
    }

    /** The most jobs between their first and last transitions at one instant. */
    private static int peakInFlight(List<JobStatus> statuses) {
        TreeMap<Instant, Integer> deltas = new TreeMap<>();
        for (JobStatus status : statuses) {
            deltas.merge(status.history().get(0).at(), 1, Integer::sum);
            deltas.merge(endedAt(status), -1, Integer::sum);
        }
        int current = 0;
        int peak = 0;
        for (int delta : deltas.values()) {
            current += delta;
            peak = Math.max(peak, current);
        }
        return peak;
    }
}
