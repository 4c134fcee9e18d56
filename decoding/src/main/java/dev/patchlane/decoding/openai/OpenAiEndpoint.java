package dev.patchlane.decoding.openai;

import dev.patchlane.contracts.Usage;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One OpenAI-compatible endpoint. OpenAI, Cerebras, vLLM, llama.cpp and Ollama differ only in these values.
 *
 * @param baseUrl the API root including its version, e.g. {@code https://api.openai.com/v1} or
 *         {@code http://localhost:8080/v1}
 * @param model the model id sent with every request
 * @param api which wire API to speak
 * @param apiKeyEnv the name of the environment variable holding the key, or null; an unset or blank variable sends no
 *         {@code Authorization} header, which local servers accept
 * @param maxTokensField the Chat Completions field for the output limit: {@code max_completion_tokens} (OpenAI's name)
 *         or {@code max_tokens} (the deprecated name some servers still need); unused by the Responses API
 * @param inputUsdPerMillion the price of a million prompt tokens
 * @param outputUsdPerMillion the price of a million completion tokens
 * @param contextWindow the model's context in tokens; a prompt plus output limit beyond it is refused unsent
 * @param maxConcurrentRequests streams open at once against this endpoint; further streams wait for a slot
 * @param connectTimeout the longest a connection may take to open
 * @param readTimeout the longest silence allowed before the reply's headers and between its lines
 * @param totalTimeout the longest one attempt may take, from sending to its last event
 */
public record OpenAiEndpoint(URI baseUrl, String model, OpenAiApi api, String apiKeyEnv, String maxTokensField,
        double inputUsdPerMillion, double outputUsdPerMillion, int contextWindow, int maxConcurrentRequests,
        Duration connectTimeout, Duration readTimeout, Duration totalTimeout) {

    public static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";
    public static final String MAX_TOKENS = "max_tokens";

    public OpenAiEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!"http".equalsIgnoreCase(baseUrl.getScheme()) && !"https".equalsIgnoreCase(baseUrl.getScheme())) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL: " + baseUrl);
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(api, "api");
        maxTokensField = maxTokensField == null ? MAX_COMPLETION_TOKENS : maxTokensField;
        if (!maxTokensField.equals(MAX_COMPLETION_TOKENS) && !maxTokensField.equals(MAX_TOKENS)) {
            throw new IllegalArgumentException("maxTokensField must be " + MAX_COMPLETION_TOKENS + " or " + MAX_TOKENS);
        }
        if (inputUsdPerMillion < 0 || outputUsdPerMillion < 0) {
            throw new IllegalArgumentException("prices cannot be negative");
        }
        if (contextWindow <= 0 || maxConcurrentRequests <= 0) {
            throw new IllegalArgumentException("contextWindow and maxConcurrentRequests must be positive");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(totalTimeout, "totalTimeout");
    }

    /** An endpoint with no key, free tokens, a 128k context, 8 concurrent streams and timeouts of 10 s, 60 s and 10 min. */
    public static OpenAiEndpoint of(String baseUrl, String model, OpenAiApi api) {
        return new OpenAiEndpoint(URI.create(baseUrl), model, api, null, MAX_COMPLETION_TOKENS, 0, 0, 128_000, 8,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(10));
    }

    public OpenAiEndpoint withApiKeyEnv(String variable) {
        return new OpenAiEndpoint(baseUrl, model, api, variable, maxTokensField, inputUsdPerMillion, outputUsdPerMillion,
                contextWindow, maxConcurrentRequests, connectTimeout, readTimeout, totalTimeout);
    }

    public OpenAiEndpoint withMaxTokensField(String field) {
        return new OpenAiEndpoint(baseUrl, model, api, apiKeyEnv, field, inputUsdPerMillion, outputUsdPerMillion,
                contextWindow, maxConcurrentRequests, connectTimeout, readTimeout, totalTimeout);
    }

    public OpenAiEndpoint withPrices(double inputPerMillion, double outputPerMillion) {
        return new OpenAiEndpoint(baseUrl, model, api, apiKeyEnv, maxTokensField, inputPerMillion, outputPerMillion,
                contextWindow, maxConcurrentRequests, connectTimeout, readTimeout, totalTimeout);
    }

    public OpenAiEndpoint withContextWindow(int tokens) {
        return new OpenAiEndpoint(baseUrl, model, api, apiKeyEnv, maxTokensField, inputUsdPerMillion, outputUsdPerMillion,
                tokens, maxConcurrentRequests, connectTimeout, readTimeout, totalTimeout);
    }

    public OpenAiEndpoint withMaxConcurrentRequests(int streams) {
        return new OpenAiEndpoint(baseUrl, model, api, apiKeyEnv, maxTokensField, inputUsdPerMillion, outputUsdPerMillion,
                contextWindow, streams, connectTimeout, readTimeout, totalTimeout);
    }

    public OpenAiEndpoint withTimeouts(Duration connect, Duration read, Duration total) {
        return new OpenAiEndpoint(baseUrl, model, api, apiKeyEnv, maxTokensField, inputUsdPerMillion, outputUsdPerMillion,
                contextWindow, maxConcurrentRequests, connect, read, total);
    }

    /** What the tokens cost at this endpoint's prices. */
    public double costUsd(Usage usage) {
        return usage.costUsd(inputUsdPerMillion, outputUsdPerMillion);
    }

    /** The URL requests are posted to: the base URL followed by the API's path. */
    public URI requestUri() {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + api.path());
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
