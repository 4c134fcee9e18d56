package dev.patchlane.app.bench;

import static org.awaitility.Awaitility.await;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.Topics;
import dev.patchlane.contracts.VerificationVerdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Submits a corpus in waves through the running pipeline and reads what happened to each job from the outcomes topic. */
final class RoutingRun {

    static final Path OUT = Path.of("target", "bench").toAbsolutePath();
    private static final Pattern ESTIMATE = Pattern.compile("P\\(success\\)=([0-9.]+)");

    /** One job's end: where its first attempt went and why, and what every attempt cost. */
    record JobResult(RoutingCorpus.CorpusJob job, String id, Lane firstLane, String reason, boolean success, boolean finishedOnFast,
            double costUsd, double seconds, boolean leak, String state) {

        boolean exploring() {
            return reason.startsWith("exploring");
        }

        Double estimate() {
            Matcher m = ESTIMATE.matcher(reason);
            return m.find() ? Double.parseDouble(m.group(1)) : null;
        }
    }

    /** A policy's totals over its jobs. */
    record Totals(String policy, int jobs, double fastShare, double successRate, double costUsd, double seconds, int leaks, int exploring) {

        static Totals of(String policy, List<JobResult> results) {
            int n = results.size();
            return new Totals(policy, n, results.stream().filter(JobResult::finishedOnFast).count() / (double) n,
                    results.stream().filter(JobResult::success).count() / (double) n, results.stream().mapToDouble(JobResult::costUsd).sum(),
                    results.stream().mapToDouble(JobResult::seconds).sum(), (int) results.stream().filter(JobResult::leak).count(),
                    (int) results.stream().filter(JobResult::exploring).count());
        }

        String line() {
            return String.join("\t", policy, Integer.toString(jobs), Double.toString(fastShare), Double.toString(successRate),
                    Double.toString(costUsd), Double.toString(seconds), Integer.toString(leaks), Integer.toString(exploring));
        }

        static Totals parse(String line) {
            String[] f = line.split("\t");
            return new Totals(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]));
        }
    }

    private RoutingRun() {
    }

    /** Submits {@code requests} {@code wave} at a time, each wave after the previous one ended, so outcomes feed later decisions. */
    static List<JobResult> run(List<RoutingCorpus.CorpusJob> corpus, Function<RoutingCorpus.CorpusJob, dev.patchlane.contracts.JobRequest> request,
            int wave) throws Exception {
        Map<String, RoutingCorpus.CorpusJob> byId = new HashMap<>();
        List<String> order = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int start = 0; start < corpus.size(); start += wave) {
                List<Future<String>> submitted = new ArrayList<>();
                List<RoutingCorpus.CorpusJob> slice = corpus.subList(start, Math.min(corpus.size(), start + wave));
                for (RoutingCorpus.CorpusJob job : slice) {
                    submitted.add(pool.submit(() -> Jobs.submit(request.apply(job))));
                }
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < slice.size(); i++) {
                    String id = submitted.get(i).get();
                    ids.add(id);
                    byId.put(id, slice.get(i));
                    order.add(id);
                }
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250)).until(() -> terminal(pool, ids));
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, List<Outcome>> outcomes = new HashMap<>();
        TopicReader.readAll(EmbeddedKafkaResource.bootstrapServers(), Topics.OUTCOMES).stream()
                .filter(record -> byId.containsKey(record.key()))
                .forEach(record -> outcomes.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(Json.read(record.value(), Outcome.class)));
        List<JobResult> results = new ArrayList<>();
        for (String id : order) {
            JobStatus status = Jobs.status(id);
            results.add(result(byId.get(id), id, outcomes.getOrDefault(id, List.of()), status == null ? "?" : status.state().name()));
        }
        return results;
    }

    private static boolean terminal(ExecutorService pool, List<String> ids) throws Exception {
        List<Future<Boolean>> checks = new ArrayList<>();
        for (String id : ids) {
            checks.add(pool.submit(() -> {
                JobStatus status = Jobs.status(id);
                return status != null && status.isTerminal();
            }));
        }
        for (Future<Boolean> check : checks) {
            if (!check.get()) {
                return false;
            }
        }
        return true;
    }

    private static JobResult result(RoutingCorpus.CorpusJob job, String id, List<Outcome> outcomes, String state) {
        List<Outcome> attempts = new ArrayList<>(outcomes);
        attempts.sort(Comparator.comparingInt(o -> o.routed().attempt()));
        // A redelivered attempt is written twice; each attempt counts once.
        Map<Integer, Outcome> once = new HashMap<>();
        attempts.forEach(o -> once.putIfAbsent(o.routed().attempt(), o));
        attempts = new ArrayList<>(once.values());
        attempts.sort(Comparator.comparingInt(o -> o.routed().attempt()));
        Outcome first = attempts.isEmpty() ? null : attempts.get(0);
        boolean success = attempts.stream().anyMatch(RoutingRun::verified);
        boolean onFast = success && attempts.stream().filter(RoutingRun::verified).findFirst().orElseThrow().lane() == Lane.FAST;
        boolean leak = attempts.stream().anyMatch(o -> o.lane() == Lane.FAST && o.decoder().contentSource().contains("+simulated:unsolved") && verified(o));
        return new JobResult(job, id, first == null ? null : first.routed().decision().lane(),
                first == null ? "" : String.join("; ", first.routed().decision().reasons()), success, onFast,
                attempts.stream().mapToDouble(Outcome::costUsd).sum(), attempts.stream().mapToDouble(o -> o.timings().totalMs() / 1000.0).sum(),
                leak, state);
    }

    private static boolean verified(Outcome outcome) {
        return outcome.result() == OutcomeResult.PATCH_READY && outcome.verification() != null
                && outcome.verification().verdict() == VerificationVerdict.VERIFIED;
    }

    static void save(Totals totals) {
        try {
            Files.createDirectories(OUT);
            Files.writeString(OUT.resolve("routing-" + totals.policy() + ".tsv"), totals.line() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
