package dev.patchlane.worker;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How one lane drives its decoder; each lane module declares these under its own prefix ({@code patchlane.lane.fast},
 * {@code patchlane.lane.deep}). Lane-specific defaults of the groups live in the application's properties.
 */
public interface LaneSettings {

    /** {@code emulator} (the embedded default) or {@code openai}, any OpenAI-compatible endpoint. */
    String decoder();

    /** The most tokens one reply may have. */
    int maxOutputTokens();

    /** The longest one decode may take, retries included, before it is cancelled. */
    Duration timeout();

    /** Cancel a stream that has produced this many characters without starting a diff or a NO_CHANGE line; 0 disables. */
    int earlyAbortChars();

    /** US dollars per million tokens, for the cost estimate in every outcome. */
    Price price();

    /** The emulated model and hardware, used when {@code decoder=emulator}. */
    Emulator emulator();

    /** The real endpoint, used when {@code decoder=openai}. */
    Endpoint endpoint();

    /** Retries, backoff and the circuit breaker around either decoder. */
    Retry retry();

    interface Price {
        /** Per million prompt tokens. */
        double inputPerMillion();

        /** Per million completion tokens. */
        double outputPerMillion();
    }

    interface Emulator {
        /** A model profile of {@code emulator/profiles.json} or of {@code profiles-file}. */
        String model();

        /** A hardware profile: {@code wse3}, {@code h100}, {@code h200} or one of {@code profiles-file}. */
        String hardware();

        /** Devices the model is spread over; 0 picks the fewest that hold its weights. */
        @WithDefault("0")
        int devices();

        /** Streams the emulated deployment decodes at once; more wait in its queue. */
        int concurrentStreams();

        /**
         * The batch the timing model sees is never smaller: on a shared endpoint other tenants fill the slots this lane
         * leaves empty; 1 for a deployment of the lane's own.
         */
        @WithDefault("1")
        int minBatch();

        /** How often the emulated device delivers the tokens that came due. */
        @WithDefault("25ms")
        Duration chunkInterval();

        /** Requests that may wait for a stream; beyond them the emulator answers 429. */
        @WithDefault("10000")
        int queueLimit();

        /** A JSON file of extra or replacement profiles (same shape as the built-in one). */
        Optional<java.nio.file.Path> profilesFile();

        /** Replaces the modelled time to first token (tests, what-if runs); absent uses the timing model. */
        Optional<Duration> timeToFirstToken();

        /** Replaces the modelled per-stream decode speed; absent uses the timing model. */
        OptionalDouble tokensPerSecond();

        /** Fault injection; every rate is a probability per request. */
        Faults faults();
    }

    interface Faults {
        @WithDefault("0")
        double rateLimit();

        @WithDefault("0")
        double serverError();

        @WithDefault("0")
        double streamCut();

        @WithDefault("0")
        double truncation();

        @WithDefault("0")
        double malformedStructuredOutput();

        /** A patch that applies but breaks the build, labelled as injected, to exercise verification. */
        @WithDefault("0")
        double checkFailure();

        /** The same seed gives the same faults for the same sequence of requests. */
        @WithDefault("42")
        long seed();
    }

    interface Endpoint {
        /** e.g. {@code https://api.openai.com/v1}, {@code https://api.cerebras.ai/v1}, {@code http://localhost:8000/v1}. */
        Optional<String> baseUrl();

        /** The model name the endpoint serves. */
        Optional<String> model();

        /** {@code chat} (Chat Completions) or {@code responses} (the Responses API). */
        @WithDefault("chat")
        String api();

        /** The environment variable holding the API key; none is sent when it is unset (local servers). */
        @WithDefault("OPENAI_API_KEY")
        String apiKeyEnv();

        /** Prompt plus output tokens the model accepts; longer prompts are refused before any request. */
        int contextWindow();

        /** {@code max_completion_tokens} (OpenAI) or {@code max_tokens} (servers that only know the older name). */
        @WithDefault("max_completion_tokens")
        String maxTokensField();

        @WithDefault("64")
        int maxConcurrentRequests();

        @WithDefault("10s")
        Duration connectTimeout();

        /** The longest silence between two bytes of a reply. */
        @WithDefault("60s")
        Duration readTimeout();
    }

    interface Retry {
        /** Attempts per decode, the first included; the HTTP client makes none of its own. */
        @WithDefault("4")
        int maxAttempts();

        @WithDefault("500ms")
        Duration baseBackoff();

        @WithDefault("20s")
        Duration maxBackoff();

        /** The longest wait a {@code Retry-After} gets; a longer one is cut to this before the retry. */
        @WithDefault("60s")
        Duration maxRetryAfter();

        /** Failed share of the last {@code breaker-window} attempts that opens the endpoint's circuit. */
        @WithDefault("0.5")
        double breakerFailureRatio();

        @WithDefault("20")
        int breakerWindow();

        /** How long an open circuit refuses before it lets a trial request through. */
        @WithDefault("30s")
        Duration breakerDelay();
    }
}
