package dev.patchlane.sink.github;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records rate-limit waits instead of sleeping through them. */
public final class RecordingSleeper implements Sleeper {

    private final List<Duration> waits = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) {
        waits.add(duration);
    }

    public synchronized List<Duration> waits() {
        return List.copyOf(waits);
    }
}
