package dev.patchlane.worker;

import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.emulator.ContentSource;
import dev.patchlane.decoding.emulator.ContentSources;
import dev.patchlane.decoding.emulator.DeviceTiming;
import dev.patchlane.decoding.emulator.EmulatedDecoder;
import dev.patchlane.decoding.emulator.EmulatorSettings;
import dev.patchlane.decoding.emulator.FaultSettings;
import dev.patchlane.decoding.emulator.StreamTiming;
import dev.patchlane.decoding.emulator.timing.Profiles;
import dev.patchlane.decoding.openai.OpenAiApi;
import dev.patchlane.decoding.openai.OpenAiDecoder;
import dev.patchlane.decoding.openai.OpenAiEndpoint;
import dev.patchlane.decoding.resilience.ResilienceSettings;
import dev.patchlane.decoding.resilience.ResilientDecoder;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/** Builds a lane's decoder from its settings: the emulator or an OpenAI-compatible endpoint, with retries around either. */
public final class Decoders {

    /** The request size a partial timing override takes its other half from. */
    private static final int TYPICAL_PROMPT_TOKENS = 2000;
    private static final int TYPICAL_OUTPUT_TOKENS = 500;

    private Decoders() {
    }

    /** The lane's decoder; close it when the lane stops. Settings that cannot work fail here, naming the property. */
    public static LaneDecoder forLane(String lane, LaneSettings settings, EmulatorConfig emulator) {
        Decoder decoder = switch (settings.decoder()) {
            case "emulator" -> emulated(lane, settings.emulator(), emulator);
            case "openai" -> new OpenAiDecoder(endpoint(lane, settings));
            default -> throw new IllegalArgumentException("patchlane.lane." + lane + ".decoder=" + settings.decoder()
                    + " is not a decoder: use 'emulator' or 'openai'");
        };
        try {
            return new LaneDecoder(new ResilientDecoder(decoder, resilience(settings)), decoder);
        } catch (RuntimeException e) {
            if (decoder instanceof EmulatedDecoder emulated) {
                emulated.close();
            }
            throw new IllegalArgumentException("patchlane.lane." + lane + ".retry: " + e.getMessage(), e);
        }
    }

    static OpenAiEndpoint endpoint(String lane, LaneSettings settings) {
        LaneSettings.Endpoint endpoint = settings.endpoint();
        String prefix = "patchlane.lane." + lane + ".endpoint.";
        String baseUrl = endpoint.baseUrl().orElseThrow(() -> new IllegalArgumentException(
                "patchlane.lane." + lane + ".decoder=openai needs " + prefix + "base-url, e.g. https://api.openai.com/v1"));
        String model = endpoint.model().orElseThrow(() -> new IllegalArgumentException(
                "patchlane.lane." + lane + ".decoder=openai needs " + prefix + "model"));
        OpenAiApi api = switch (endpoint.api().toLowerCase(Locale.ROOT)) {
            case "chat" -> OpenAiApi.CHAT;
            case "responses" -> OpenAiApi.RESPONSES;
            default -> throw new IllegalArgumentException(prefix + "api=" + endpoint.api() + " must be 'chat' or 'responses'");
        };
        URI uri;
        try {
            uri = new URI(baseUrl.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(prefix + "base-url=" + baseUrl + " is not a URL: " + e.getMessage()
                    + "; e.g. https://api.openai.com/v1", e);
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(prefix + "base-url=" + baseUrl
                    + " must be an http or https URL with a host, e.g. https://api.openai.com/v1 or http://localhost:8000/v1");
        }
        try {
            return new OpenAiEndpoint(uri, model, api, endpoint.apiKeyEnv(), endpoint.maxTokensField(),
                    settings.price().inputPerMillion(), settings.price().outputPerMillion(), endpoint.contextWindow(),
                    endpoint.maxConcurrentRequests(), endpoint.connectTimeout(), endpoint.readTimeout(), settings.timeout());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("patchlane.lane." + lane + ": " + e.getMessage(), e);
        }
    }

    static ResilienceSettings resilience(LaneSettings settings) {
        LaneSettings.Retry retry = settings.retry();
        return new ResilienceSettings(retry.maxAttempts(), retry.baseBackoff(), retry.maxBackoff(), retry.maxRetryAfter(),
                settings.timeout(), retry.breakerWindow(), retry.breakerFailureRatio(), retry.breakerDelay());
    }

    /** The in-process emulator a lane would use, also what the {@code emulator} role serves over HTTP. */
    public static EmulatedDecoder emulated(String lane, LaneSettings.Emulator config, EmulatorConfig emulator) {
        List<ContentSource> sources = ContentSources.standard(emulator.script());
        String prefix = "patchlane.lane." + lane + ".emulator.";
        try {
            return emulated(lane, config, emulator, sources);
        } catch (NoSuchElementException e) {
            throw new IllegalArgumentException(prefix + "model=" + config.model() + ", " + prefix + "hardware=" + config.hardware()
                    + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "*: " + e.getMessage(), e);
        }
    }

    private static EmulatedDecoder emulated(String lane, LaneSettings.Emulator config, EmulatorConfig emulator,
            List<ContentSource> sources) {
        Profiles profiles = config.profilesFile().map(Profiles::withUserFile).orElseGet(Profiles::builtIn);
        LaneSettings.Faults faults = config.faults();
        EmulatorSettings settings = new EmulatorSettings(lane, config.model(), config.hardware(), config.devices(),
                config.concurrentStreams(), config.minBatch(), config.queueLimit(), config.chunkInterval(),
                new FaultSettings(faults.rateLimit(), faults.serverError(), faults.streamCut(), faults.truncation(),
                        faults.malformedStructuredOutput(), faults.checkFailure()),
                faults.seed(), null);
        if (config.timeToFirstToken().isPresent() || config.tokensPerSecond().isPresent()) {
            StreamTiming modelled = DeviceTiming.of(settings, profiles).target(TYPICAL_PROMPT_TOKENS, TYPICAL_OUTPUT_TOKENS, 1);
            settings = settings.withOverride(new StreamTiming(config.timeToFirstToken().orElse(modelled.timeToFirstToken()),
                    config.tokensPerSecond().orElse(modelled.tokensPerSecond())));
        }
        return EmulatedDecoder.create(settings, sources, profiles);
    }
}
