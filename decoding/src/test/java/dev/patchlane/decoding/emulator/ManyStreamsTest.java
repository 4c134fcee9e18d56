package dev.patchlane.decoding.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.decoding.emulator.timing.Profiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A thousand streams at once on the real device thread: no thread per stream, and each keeps its tokens/s. */
class ManyStreamsTest {

    private static final int STREAMS = 1_000;
    private static final double TOKENS_PER_SECOND = 250;
    private static final int TTFT_MS = 100;

    @Test
    void aThousandConcurrentStreamsUseOneDeviceThreadAndKeepTheirSpeed() throws InterruptedException {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        EmulatorSettings settings = EmulatorSettings.fastLane().withLane("many").withFaults(FaultSettings.NONE, 1)
                .withCapacity(STREAMS, 1, 0).withOverride(new StreamTiming(Duration.ofMillis(TTFT_MS), TOKENS_PER_SECOND));
        String reply = Requests.text("many", 12);
        int tokens = Requests.tokens(reply);
        List<Recorder> streams = new ArrayList<>();
        Set<String> newThreads = new HashSet<>();
        try (EmulatedDecoder decoder = EmulatedDecoder.create(settings, List.of(), Profiles.builtIn())) {
            for (int i = 0; i < STREAMS; i++) {
                streams.add(Recorder.of(decoder.stream(Requests.echo(reply)), System::nanoTime));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (streams.stream().anyMatch(s -> !s.over()) && System.nanoTime() < deadline) {
                for (Thread thread : Thread.getAllStackTraces().keySet()) {
                    if (!before.contains(thread) && thread.isAlive()) {
                        newThreads.add(thread.getName());
                    }
                }
                Thread.sleep(50);
            }
        }
        // The JVM may start a helper thread of its own meanwhile; a thread per stream would add a thousand.
        assertEquals(Set.of("emulator-many"), newThreads.stream().filter(n -> n.startsWith("emulator")).collect(Collectors.toSet()));
        assertTrue(newThreads.size() <= 3, "threads started while " + STREAMS + " streams ran: " + newThreads);

        double expectedSeconds = (tokens - 1) / TOKENS_PER_SECOND;
        double[] speeds = new double[STREAMS];
        double[] ttfts = new double[STREAMS];
        for (int i = 0; i < STREAMS; i++) {
            Recorder stream = streams.get(i);
            assertTrue(stream.finished().isPresent(), "stream " + i + " finished: " + stream.failure());
            assertEquals(tokens, stream.tokens());
            speeds[i] = (tokens - 1) / ((stream.lastChunkAt() - stream.firstChunkAt()) / 1e9);
            ttfts[i] = (stream.firstChunkAt() - stream.subscribedAt) / 1e6;
        }
        Arrays.sort(speeds);
        Arrays.sort(ttfts);
        String summary = String.format("tok/s min %.0f median %.0f max %.0f (target %.0f, %.2f s); TTFT ms median %.0f p99 %.0f (target %d)",
                speeds[0], speeds[STREAMS / 2], speeds[STREAMS - 1], TOKENS_PER_SECOND, expectedSeconds, ttfts[STREAMS / 2],
                ttfts[STREAMS * 99 / 100], TTFT_MS);
        System.out.println(summary);
        assertTrue(speeds[0] > 0.75 * TOKENS_PER_SECOND && speeds[STREAMS - 1] < 1.25 * TOKENS_PER_SECOND, summary);
        assertTrue(ttfts[STREAMS / 2] < 1.25 * TTFT_MS + 50 && ttfts[0] >= TTFT_MS - 1, summary);
    }
}
