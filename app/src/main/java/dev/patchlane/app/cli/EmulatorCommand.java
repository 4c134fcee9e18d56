package dev.patchlane.app.cli;

import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.emulator.ContentSource;
import dev.patchlane.decoding.emulator.ContentSources;
import dev.patchlane.decoding.emulator.EmulatedDecoder;
import dev.patchlane.decoding.emulator.EmulatorSettings;
import dev.patchlane.decoding.emulator.FaultSettings;
import dev.patchlane.decoding.emulator.timing.Profiles;
import dev.patchlane.decoding.emulator.http.EmulatorServer;
import dev.patchlane.decoding.emulator.http.EmulatorServerOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {"Serve the decoder emulator over HTTP in OpenAI's wire format, until stopped (Ctrl-C or SIGTERM).",
            "GET /v1/models, POST /v1/chat/completions and POST /v1/responses, streaming or not, with the timing, capacity",
            "and faults of two emulated deployments: codex-spark-class on wse3 and codex-class on h100 (docs/emulator.md).",
            "Needs neither Kafka nor the pipeline. Every reply is emulated content and says so."})
class EmulatorCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8000", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--api-key-env", description = "An environment variable whose value clients must send as a bearer token.")
    String apiKeyEnv;

    @Option(names = "--script", description = "A JSON script of answers (as the demo writes).")
    Path script;

    @Option(names = "--profiles", description = "A JSON file of extra or replacement hardware and model profiles.")
    Path profilesFile;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the injected faults (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate-limit", defaultValue = "0", description = "Share of requests answered 429 (default: ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--server-error", defaultValue = "0", description = "Share of requests answered 5xx (default: ${DEFAULT-VALUE}).")
    double serverError;

    @Option(names = "--stream-cut", defaultValue = "0", description = "Share of streams cut midway (default: ${DEFAULT-VALUE}).")
    double streamCut;

    @Option(names = "--truncation", defaultValue = "0", description = "Share of replies ended early with finish reason length (default: ${DEFAULT-VALUE}).")
    double truncation;

    @Option(names = "--malformed", defaultValue = "0.05",
            description = "Share of the fast model's replies with malformed JSON, tool calls or diffs (default: ${DEFAULT-VALUE}).")
    double malformed;

    @Override
    public Integer call() throws InterruptedException {
        if (apiKeyEnv != null) {
            requiredKey(apiKeyEnv);
        }
        Profiles profiles = profilesFile == null ? Profiles.builtIn() : Profiles.withUserFile(profilesFile);
        List<ContentSource> sources = ContentSources.standard(Optional.ofNullable(script));
        EmulatorSettings fast = EmulatorSettings.fastLane()
                .withFaults(new FaultSettings(rateLimit, serverError, streamCut, truncation, malformed), seed);
        EmulatorSettings deep = EmulatorSettings.deepLane()
                .withFaults(new FaultSettings(rateLimit, serverError, streamCut, truncation, 0), seed);
        Map<String, Decoder> models = new LinkedHashMap<>();
        models.put(fast.model(), EmulatedDecoder.create(fast, sources, profiles));
        models.put(deep.model(), EmulatedDecoder.create(deep, sources, profiles));
        EmulatorServerOptions options = EmulatorServerOptions.defaults().withHost(host)
                .withApiKey(apiKeyEnv == null ? null : requiredKey(apiKeyEnv));
        EmulatorServer server = EmulatorServer.start(port, models, options);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "emulator-stop"));
        System.out.printf("emulator: serving %s at %s (emulated content, labelled so); Ctrl-C stops%n", models.keySet(),
                server.baseUri());
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }

    /** A key variable that is named but unset would silently serve everyone: refuse to start instead. */
    private static String requiredKey(String variable) {
        String key = System.getenv(variable);
        if (key == null || key.isBlank()) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new EmulatorCommand()),
                    "--api-key-env " + variable + ": the environment variable is unset or blank; set it, or leave the option out to accept every request");
        }
        return key.strip();
    }
}
