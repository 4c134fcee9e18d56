package dev.patchlane.app.emulator;

import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.emulator.EmulatedDecoder;
import dev.patchlane.decoding.emulator.http.EmulatorServer;
import dev.patchlane.decoding.emulator.http.EmulatorServerOptions;
import dev.patchlane.deep.DeepLaneConfig;
import dev.patchlane.fast.FastLaneConfig;
import dev.patchlane.pipeline.config.PatchlaneConfig;
import dev.patchlane.pipeline.config.Role;
import dev.patchlane.worker.Decoders;
import dev.patchlane.worker.EmulatorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The {@code emulator} role: serves both lanes' emulated models over HTTP in OpenAI's wire format, with the timing,
 * capacity and faults of their {@code patchlane.lane.*.emulator} settings, so workers elsewhere can reach it with
 * {@code decoder=openai} and a cluster can be load tested without a model endpoint.
 */
@ApplicationScoped
public class EmulatorRole {

    private static final Logger LOG = Logger.getLogger(EmulatorRole.class);

    @Inject
    PatchlaneConfig patchlane;

    @Inject
    EmulatorConfig emulator;

    @Inject
    FastLaneConfig fast;

    @Inject
    DeepLaneConfig deep;

    @Inject
    Vertx vertx;

    private EmulatorServer server;
    private final List<EmulatedDecoder> decoders = new ArrayList<>();

    void start(@Observes StartupEvent event) {
        if (!Role.parse(patchlane.roles()).contains(Role.EMULATOR)) {
            return;
        }
        EmulatorConfig.Http http = emulator.http();
        String apiKey = http.apiKeyEnv().map(EmulatorRole::requiredKey).orElse(null);
        Map<String, Decoder> models = new LinkedHashMap<>();
        try {
            models.put(fast.emulator().model(), started(Decoders.emulated("fast", fast.emulator(), emulator)));
            if (models.containsKey(deep.emulator().model())) {
                LOG.warnf("both lanes emulate %s; it is served with the fast lane's settings", deep.emulator().model());
            } else {
                models.put(deep.emulator().model(), started(Decoders.emulated("deep", deep.emulator(), emulator)));
            }
            EmulatorServerOptions options = EmulatorServerOptions.defaults().withHost(http.host()).withApiKey(apiKey);
            server = EmulatorServer.start(vertx, http.port(), models, options);
        } catch (RuntimeException e) {
            closeDecoders();
            throw e;
        }
        LOG.infof("emulator role: serving %s at %s (emulated content, labelled so)", models.keySet(), server.baseUri());
    }

    void stop(@Observes ShutdownEvent event) {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            closeDecoders();
        }
    }

    private EmulatedDecoder started(EmulatedDecoder decoder) {
        decoders.add(decoder);
        return decoder;
    }

    private void closeDecoders() {
        decoders.forEach(EmulatedDecoder::close);
        decoders.clear();
    }

    /** A key variable that is named but unset would silently serve everyone: refuse to start instead. */
    static String requiredKey(String variable) {
        String key = System.getenv(variable);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("patchlane.emulator.http.api-key-env=" + variable + " names an environment variable that is "
                    + "unset or blank; set it, or leave api-key-env unset to accept every request");
        }
        return key.strip();
    }

    /** Where the role serves, or null when this process does not play it. */
    public EmulatorServer server() {
        return server;
    }
}
