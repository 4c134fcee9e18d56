package dev.patchlane.app.emulator;

import dev.patchlane.decoding.Decoder;
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
import java.util.LinkedHashMap;
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

    void start(@Observes StartupEvent event) {
        if (!Role.parse(patchlane.roles()).contains(Role.EMULATOR)) {
            return;
        }
        Map<String, Decoder> models = new LinkedHashMap<>();
        models.put(fast.emulator().model(), Decoders.emulated("fast", fast.emulator(), emulator));
        if (models.putIfAbsent(deep.emulator().model(), Decoders.emulated("deep", deep.emulator(), emulator)) != null) {
            LOG.warnf("both lanes emulate %s; it is served with the fast lane's settings", deep.emulator().model());
        }
        EmulatorConfig.Http http = emulator.http();
        EmulatorServerOptions options = EmulatorServerOptions.defaults().withHost(http.host())
                .withApiKey(http.apiKeyEnv().map(System::getenv).orElse(null));
        server = EmulatorServer.start(vertx, http.port(), models, options);
        LOG.infof("emulator role: serving %s at %s (emulated content, labelled so)", models.keySet(), server.baseUri());
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }

    /** Where the role serves, or null when this process does not play it. */
    public EmulatorServer server() {
        return server;
    }
}
