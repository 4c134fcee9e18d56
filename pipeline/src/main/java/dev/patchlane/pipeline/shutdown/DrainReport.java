package dev.patchlane.pipeline.shutdown;

import java.time.Duration;
import java.util.List;

/**
 * What a drain did.
 *
 * @param inFlight keys of the attempts running when the drain began
 * @param finished those of them that ended within the drain timeout
 * @param handedBack those still running at the timeout: they write nothing more and go back to Kafka
 * @param took how long the drain waited
 */
public record DrainReport(List<String> inFlight, List<String> finished, List<String> handedBack, Duration took) {

    public DrainReport {
        inFlight = List.copyOf(inFlight);
        finished = List.copyOf(finished);
        handedBack = List.copyOf(handedBack);
    }
}
