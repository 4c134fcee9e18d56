package dev.patchlane.decoding.emulator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.patchlane.decoding.TokenCounter;
import dev.patchlane.decoding.emulator.EmulatedDecoder;
import dev.patchlane.decoding.emulator.EmulatorSettings;
import dev.patchlane.decoding.emulator.FaultSettings;
import dev.patchlane.decoding.emulator.StreamTiming;
import dev.patchlane.decoding.emulator.http.EmulatorServer;
import dev.patchlane.decoding.emulator.http.EmulatorServerOptions;
import dev.patchlane.decoding.emulator.timing.Profiles;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * 1,000 concurrent streams against the emulator served by {@link EmulatorServer} over real sockets, each measured for
 * its time to first token and its tokens/s, against the target the timing model gives the same prompt size and
 * concurrency; with a single-stream baseline and the same load in process (no HTTP) in the same run. Run with
 * {@code bench/emulator-load}; not part of the build: the class name matches no surefire include, and it runs only with
 * {@code -Dbench.enabled=true}.
 *
 * <p>The device keeps its batch at the stream count ({@code minBatch}), so the per-stream target stays the 1,000-stream
 * one while the shorter streams end, as on a deployment whose other tenants keep it full.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "bench.enabled", matches = "true")
class EmulatorLoadBenchmark {

    private static final int STREAMS = Integer.getInteger("bench.streams", 1000);
    private static final int MIN_TOKENS = Integer.getInteger("bench.min-tokens", 300);
    private static final int MAX_TOKENS = Integer.getInteger("bench.max-tokens", 2000);
    private static final int BASELINE_TOKENS = Integer.getInteger("bench.baseline-tokens", 600);
    /** How long each load phase takes to send its streams: 0 is a burst; comma-separated, one phase pair each. */
    private static final long[] RAMPS_MS = Arrays.stream(System.getProperty("bench.ramps-ms", "0,2000").split(","))
            .map(String::trim).mapToLong(Long::parseLong).toArray();
    private static final int CLIENT_THREADS = Integer.getInteger("bench.client-threads", 2);
    private static final boolean SKIP_IN_PROCESS = Boolean.getBoolean("bench.skip-in-process");
    private static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warm-up-rounds", 2);
    private static final long TIMEOUT_SECONDS = 300;

    @Test
    void thousandStreams() throws Exception {
        Profiles profiles = Profiles.builtIn();
        EmulatorSettings settings = EmulatorSettings.fastLane().withLane("bench").withCapacity(STREAMS, STREAMS, STREAMS)
                .withFaults(FaultSettings.NONE, 1);
        // Warm-up streams take the same paths at 400 tok/s, so the JIT has compiled them before anything is measured.
        EmulatorSettings warmSettings = settings.withLane("warm").withOverride(new StreamTiming(Duration.ofMillis(5), 400));
        List<String> prompts = Prompts.spread(STREAMS, MIN_TOKENS, MAX_TOKENS, 7);
        List<String> baseline = Prompts.spread(1, BASELINE_TOKENS, BASELINE_TOKENS, 11);
        List<String> warmPrompts = Prompts.spread(STREAMS, 100, 400, 13);
        AtomicInteger clientThreads = new AtomicInteger();
        ExecutorService clientPool = Executors.newFixedThreadPool(CLIENT_THREADS, r -> {
            Thread thread = new Thread(r, "bench-client-" + clientThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientPool)
                .connectTimeout(Duration.ofSeconds(30)).build();
        Report report = new Report(settings);
        try (TimedDecoder decoder = new TimedDecoder(EmulatedDecoder.create(settings, List.of(), profiles));
                TimedDecoder warm = new TimedDecoder(EmulatedDecoder.create(warmSettings, List.of(), profiles));
                EmulatorServer server = EmulatorServer.start(0, Map.of("bench", decoder, "warm", warm), EmulatorServerOptions.defaults())) {
            HttpLoad http = new HttpLoad(client, server.baseUri(), "bench");
            InProcessLoad inProcess = new InProcessLoad(decoder);
            report.server(server);

            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                new HttpLoad(client, server.baseUri(), "warm").run(warmPrompts, samples(warmPrompts, warm, STREAMS), 500_000_000L,
                        TIMEOUT_SECONDS);
                new InProcessLoad(warm).run(warmPrompts, samples(warmPrompts, warm, STREAMS), 500_000_000L, TIMEOUT_SECONDS);
            }

            report.run("single stream, in process", baseline, decoder, 1, samples -> inProcess.run(baseline, samples, 0, TIMEOUT_SECONDS));
            report.run("single stream, HTTP", baseline, decoder, 1, samples -> http.run(baseline, samples, 0, TIMEOUT_SECONDS));
            for (long ramp : RAMPS_MS) {
                String arrival = ramp == 0 ? "all at once" : "sent over " + ramp + " ms";
                if (!SKIP_IN_PROCESS) {
                    report.run(STREAMS + " streams " + arrival + ", in process", prompts, decoder, STREAMS,
                            samples -> inProcess.run(prompts, samples, ramp * 1_000_000, TIMEOUT_SECONDS));
                }
                report.run(STREAMS + " streams " + arrival + ", HTTP", prompts, decoder, STREAMS,
                        samples -> http.run(prompts, samples, ramp * 1_000_000, TIMEOUT_SECONDS));
            }
        } finally {
            clientPool.shutdownNow();
        }
        report.write();
        assertEquals(0, report.failedStreams(), "every stream must finish");
    }

    /**
     * One sample per prompt, with the target the timing model gives its prompt and reply at {@code concurrency}, each
     * expected by {@code decoder} so it stamps them.
     */
    static List<StreamSample> samples(List<String> prompts, TimedDecoder decoder, int concurrency) {
        List<StreamSample> samples = new ArrayList<>(prompts.size());
        for (String prompt : prompts) {
            int tokens = TokenCounter.count(prompt);
            StreamTiming target = decoder.timing().target(tokens, tokens, concurrency);
            StreamSample sample = new StreamSample(tokens, target.timeToFirstToken().toNanos() / 1e9, target.tokensPerSecond());
            decoder.expect(prompt, sample);
            samples.add(sample);
        }
        return samples;
    }

    @FunctionalInterface
    interface Load {
        void run(List<StreamSample> samples) throws Exception;
    }

    /** The table, printed and kept in decoding/target/bench/emulator-load.txt. */
    static final class Report {
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder cpu = new StringBuilder();
        private final StringBuilder ttft = new StringBuilder();
        private int failed;

        Report(EmulatorSettings settings) {
            text.append("emulator-load ").append(Instant.now()).append('\n')
                    .append("profile ").append(settings.profile()).append(", slots ").append(settings.concurrentStreams())
                    .append(", batch kept at ").append(settings.minBatch()).append(", chunk interval ")
                    .append(settings.chunkInterval().toMillis()).append(" ms, replies ").append(MIN_TOKENS).append('-').append(MAX_TOKENS)
                    .append(" tokens (prompt echoed, so prompt = reply), baseline ").append(BASELINE_TOKENS).append(" tokens\n")
                    .append("JVM ").append(System.getProperty("java.version")).append(", ").append(Runtime.getRuntime().availableProcessors())
                    .append(" cores, load client: JDK HttpClient HTTP/1.1 on ").append(CLIENT_THREADS).append(" threads\n\n")
                    .append(String.format("%-44s %7s %6s %16s %12s %12s %12s %12s %10s %12s %9s %8s %8s%n", "run", "streams", "failed",
                            "target tok/s", "tok/s p50 %", "tok/s p5 %", "TTFT target", "TTFT p50", "TTFT p95", "total tok/s", "wall s",
                            "CPU s", "threads"));
        }

        void server(EmulatorServer server) {
            text.append("server ").append(server.baseUri()).append('\n');
        }

        void run(String name, List<String> prompts, TimedDecoder decoder, int concurrency, Load load) throws Exception {
            List<StreamSample> samples = samples(prompts, decoder, concurrency);
            System.gc();
            CpuMeter meter = new CpuMeter();
            load.run(samples);
            CpuMeter.Result used = meter.stop();
            LoadStats stats = LoadStats.of(samples);
            failed += stats.failed();
            samples.stream().filter(s -> !s.ok()).limit(3).forEach(s -> text.append("  failed stream: status ").append(s.status)
                    .append(", ").append(s.error).append('\n'));
            text.append(String.format("%-44s %7d %6d %16s %12s %12s %12s %12s %10s %12s %9s %8s %8d%n", name, stats.streams(), stats.failed(),
                    LoadStats.f(stats.targetTokensPerSecond(), 1), LoadStats.f(stats.rateMedianPct(), 1), LoadStats.f(stats.rateP5Pct(), 1),
                    LoadStats.f(stats.ttftTargetMs(), 1) + " ms", LoadStats.f(stats.ttftMedianMs(), 1) + " ms",
                    LoadStats.f(stats.ttftP95Ms(), 1) + " ms", LoadStats.f(stats.totalTokensPerSecond(), 0),
                    LoadStats.f(used.wallNanos() / 1e9, 1), LoadStats.f(used.processCpuNanos() / 1e9, 1), used.peakThreads()));
            ttft.append(String.format("%-44s %14s %14s %14s %14s %14s %16s%n", name, ms(stats.admissionMs()), ms(stats.deviceMs()),
                    ms(stats.deliveryMs()), ms(stats.writeMs()), ms(stats.readMs()), ms(stats.serverTtftMs())));
            cpu.append(name).append(": ").append(LoadStats.f(used.processCpuNanos() / 1e9, 2)).append(" CPU s in ")
                    .append(LoadStats.f(used.wallNanos() / 1e9, 2)).append(" s (").append(LoadStats.f(used.coresBusy(), 2))
                    .append(" cores busy), peak ").append(used.peakThreads()).append(" live threads, ").append(used.threadsStarted())
                    .append(" started; rate goal ")
                    .append(stats.rateGoalMet() ? "met" : "MISSED").append(", TTFT goal ").append(stats.ttftGoalMet() ? "met" : "MISSED")
                    .append('\n');
            used.groupCpuNanos().forEach((group, nanos) -> cpu.append("    ").append(String.format("%-56s", group))
                    .append(LoadStats.f(nanos / 1e9, 2)).append(" s\n"));
            if (!used.userSystemNanos().isEmpty()) {
                cpu.append("  by kernel thread name (user + system, /proc):\n");
                used.userSystemNanos().forEach((group, nanos) -> cpu.append("    ").append(String.format("%-56s", group))
                        .append(LoadStats.f(nanos[0] / 1e9, 2)).append(" + ").append(LoadStats.f(nanos[1] / 1e9, 2)).append(" s\n"));
            }
        }

        private static String ms(double[] p50p95) {
            return LoadStats.f(p50p95[0], 1) + " / " + LoadStats.f(p50p95[1], 1);
        }

        int failedStreams() {
            return failed;
        }

        void write() throws IOException {
            String all = text + "\nTTFT split, p50 / p95 in ms: admission = send to decoder asked (client, connect, server read and parse), "
                    + "device = asked to first chunk emitted (planning, prefill, overhead), delivery = emitted to read by the client, "
                    + "split into write = emitted to written by the server and read = written to read by the client; "
                    + "server TTFT = decoder asked to first chunk written (HTTP only)\n"
                    + String.format("%-44s %14s %14s %14s %14s %14s %16s%n", "run", "admission", "device", "delivery", "write", "read",
                            "server TTFT") + ttft
                    + "\nCPU by thread group (goals: tok/s p50 and p5 >= 95% of target; TTFT p50 and p95 within 10% of target)\n" + cpu;
            System.out.println(all);
            Path dir = Path.of("target", "bench");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("emulator-load.txt"), all, StandardCharsets.UTF_8);
        }
    }
}
