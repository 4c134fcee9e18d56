package dev.patchlane.app.events;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * In the {@link SmallEventLimits} profile only: a fixed, small socket send buffer, so a client that stops reading
 * stops the server's writes after a few kilobytes, as on a real network (loopback's autotuned buffers take megabytes).
 */
@ApplicationScoped
public class SmallSendBuffer implements HttpServerOptionsCustomizer {

    static final String PROPERTY = "events-test.http-send-buffer";

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        ConfigProvider.getConfig().getOptionalValue(PROPERTY, Integer.class).ifPresent(options::setSendBufferSize);
    }
}
