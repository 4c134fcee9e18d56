package dev.patchlane.ingest.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits of the server-sent event streams ({@code /jobs/{id}/events}, {@code /events}). */
@ConfigMapping(prefix = "patchlane.events")
public interface EventsConfig {

    /** How many streams may be open at once in this process; one more is answered 503. */
    @WithDefault("256")
    int maxStreams();

    /** How many events may wait for one slow client; a client further behind is dropped, so it never slows the view. */
    @WithDefault("512")
    int buffer();

    /** How often an idle stream gets a {@code : keep-alive} comment, so proxies keep it open and dead clients are noticed. */
    @WithDefault("15s")
    Duration keepAlive();

    /** How long reading the status topic from a resumed stream's cursor may take before the stream is dropped. */
    @WithDefault("60s")
    Duration catchUpTimeout();
}
