package dev.patchlane.decoding.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.decoding.DecodeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Streams on a manual clock are served at their own phase of the chunk interval (25 ms, 25 phases 1 ms apart) instead
 * of all at one instant, and each still gets, at every delivery, exactly the tokens due by then.
 */
class StaggeredDeliveryTest {

    private static final long MS = 1_000_000;
    private static final long INTERVAL = 25 * MS;
    private static final int STREAMS = 50;
    /** One token every 5 ms, so what is due at any whole millisecond is an exact count. */
    private static final double RATE = 200;
    private static final int TTFT_MS = 100;

    private final ManualScheduler clock = new ManualScheduler();

    @Test
    void streamsStartedTogetherAreServedAtDifferentOffsetsAndGetExactlyWhatIsDue() {
        EmulatedDecoder decoder = Requests.decoder(Requests.fixed(TTFT_MS, RATE, STREAMS, 0), clock);
        List<String> replies = new ArrayList<>();
        List<Recorder> streams = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            replies.add(Requests.text("phase " + i, 20));
            streams.add(Recorder.of(decoder.stream(Requests.echo(replies.get(i))), clock::nanoTime));
        }
        clock.advance(Duration.ofSeconds(10));

        Set<Long> phases = new HashSet<>();
        Map<Long, Integer> deliveriesAt = new HashMap<>();
        for (int i = 0; i < STREAMS; i++) {
            Recorder stream = streams.get(i);
            int tokens = Requests.tokens(replies.get(i));
            assertEquals(replies.get(i), stream.text());
            assertEquals(tokens, stream.tokens());
            List<Recorder.Timed> chunks = stream.chunks();
            long first = chunks.get(0).at();
            assertEquals(stream.subscribedAt + TTFT_MS * MS, first, "the first token comes at its own time");
            assertEquals(Math.round((tokens - 1) / RATE * 1e9), chunks.get(chunks.size() - 1).at() - first, "the end comes at its own time");
            int sent = 0;
            for (Recorder.Timed chunk : chunks) {
                sent += ((DecodeEvent.Chunk) chunk.event()).tokens();
                long due = Math.min(tokens, 1 + (chunk.at() - first) / (5 * MS));
                assertEquals(due, sent, "stream " + i + " at " + (chunk.at() - first) / MS + " ms after its first token");
            }
            List<Recorder.Timed> regular = chunks.subList(1, chunks.size() - 1);
            Set<Long> own = regular.stream().map(c -> Math.floorMod(c.at(), INTERVAL)).collect(Collectors.toSet());
            assertEquals(1, own.size(), "stream " + i + " keeps one phase: " + own);
            for (int k = 1; k < regular.size(); k++) {
                assertEquals(INTERVAL, regular.get(k).at() - regular.get(k - 1).at(), "stream " + i + " is served once per interval");
            }
            phases.addAll(own);
            regular.forEach(c -> deliveriesAt.merge(c.at(), 1, Integer::sum));
        }
        assertEquals(25, phases.size(), STREAMS + " streams take all 25 phases: " + phases);
        int largest = deliveriesAt.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertEquals(STREAMS / 25, largest, "regular deliveries at one instant");
    }

    @Test
    void aCadenceFallsAtItsPhaseOfEveryInterval() {
        Cadence cadence = new Cadence(7 * MS, INTERVAL);
        assertEquals(7 * MS, cadence.after(0));
        assertEquals(32 * MS, cadence.after(7 * MS), "strictly after now");
        assertEquals(32 * MS, cadence.after(7 * MS + 1));
        assertEquals(-18 * MS, cadence.after(-20 * MS), "on a clock that reads below zero too");
        assertEquals(1_000_007 * MS, cadence.after(1_000_000 * MS));
    }
}
