package dev.patchlane.pipeline.shutdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightTest {

    @Test
    void aDrainWaitsForAttemptsThatFinishAndAdmitsNoNewOne() throws Exception {
        InFlight inFlight = new InFlight();
        inFlight.admit("a");
        CountDownLatch draining = new CountDownLatch(1);
        CompletableFuture<DrainReport> report = CompletableFuture.supplyAsync(() -> {
            draining.countDown();
            return inFlight.drain(Duration.ofSeconds(30), Duration.ofSeconds(5));
        });
        draining.await();
        while (!inFlight.draining()) {
            Thread.sleep(5);
        }
        assertThrows(HandedBack.class, () -> inFlight.admit("b"), "nothing starts once the drain began");
        inFlight.requireKept("a");
        inFlight.leave("a");
        DrainReport done = report.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("a"), done.inFlight());
        assertEquals(List.of("a"), done.finished());
        assertEquals(List.of(), done.handedBack());
        assertTrue(done.took().compareTo(Duration.ofSeconds(10)) < 0, "it returned when the last attempt left, not at the timeout");
    }

    @Test
    void anAttemptStillRunningAtTheTimeoutIsHandedBackAndMayNotWriteItsResult() {
        InFlight inFlight = new InFlight();
        inFlight.admit("slow");
        inFlight.admit("quick");
        inFlight.leave("quick");
        DrainReport report = inFlight.drain(Duration.ofMillis(100), Duration.ofSeconds(5));
        assertEquals(List.of("slow"), report.inFlight());
        assertEquals(List.of("slow"), report.handedBack());
        assertEquals(List.of(), report.finished());
        HandedBack refused = assertThrows(HandedBack.class, () -> inFlight.requireKept("slow"));
        assertEquals("slow", refused.key());
    }

    @Test
    void anAttemptAlreadyWritingItsResultAtTheTimeoutIsWaitedForAndCountedFinished() throws Exception {
        InFlight inFlight = new InFlight();
        inFlight.admit("writing");
        inFlight.requireKept("writing");
        CompletableFuture<DrainReport> report = CompletableFuture.supplyAsync(() -> inFlight.drain(Duration.ofMillis(50), Duration.ofSeconds(10)));
        Thread.sleep(300);
        inFlight.leave("writing");
        DrainReport done = report.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("writing"), done.finished());
        assertEquals(List.of(), done.handedBack());
    }

    @Test
    void aHeldThreadStaysHeldWhenInterrupted() throws Exception {
        InFlight inFlight = new InFlight();
        Thread held = new Thread(inFlight::hold);
        held.setDaemon(true);
        held.start();
        held.interrupt();
        held.join(300);
        assertTrue(held.isAlive(), "an interrupt (the pool's forced shutdown) does not let the record be acknowledged");
    }
}
