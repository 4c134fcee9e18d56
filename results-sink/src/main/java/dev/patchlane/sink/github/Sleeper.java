package dev.patchlane.sink.github;

import java.time.Duration;

/** Every rate-limit wait goes through here, so tests can record waits instead of sleeping through them. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper real() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
