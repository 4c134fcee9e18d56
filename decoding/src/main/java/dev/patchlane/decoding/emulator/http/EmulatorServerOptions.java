package dev.patchlane.decoding.emulator.http;

/**
 * How an {@link EmulatorServer} listens and what it accepts.
 *
 * @param host the interface to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param maxBodyBytes the largest request body; larger ones get 413, from {@code Content-Length} or while reading
 * @param apiKey the key clients must send as {@code Authorization: Bearer <key>}, or null to accept any request
 * @param eventLoops how many event loops serve connections (one server instance each, sharing the port)
 * @param defaultMaxOutputTokens the output limit of a request that sets none
 * @param maxJsonDepth the deepest nesting a request body may have
 */
public record EmulatorServerOptions(String host, long maxBodyBytes, String apiKey, int eventLoops, int defaultMaxOutputTokens,
        int maxJsonDepth) {

    public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

    public EmulatorServerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required");
        }
        if (maxBodyBytes < 1 || eventLoops < 1 || defaultMaxOutputTokens < 1 || maxJsonDepth < 4) {
            throw new IllegalArgumentException("maxBodyBytes, eventLoops and defaultMaxOutputTokens must be positive, maxJsonDepth at least 4");
        }
        apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
    }

    /** Loopback only, 8 MiB bodies, no key, one event loop per core, 32,768 output tokens by default, depth 64. */
    public static EmulatorServerOptions defaults() {
        return new EmulatorServerOptions("127.0.0.1", DEFAULT_MAX_BODY_BYTES, null, Runtime.getRuntime().availableProcessors(), 32_768, 64);
    }

    public EmulatorServerOptions withHost(String value) {
        return new EmulatorServerOptions(value, maxBodyBytes, apiKey, eventLoops, defaultMaxOutputTokens, maxJsonDepth);
    }

    public EmulatorServerOptions withMaxBodyBytes(long value) {
        return new EmulatorServerOptions(host, value, apiKey, eventLoops, defaultMaxOutputTokens, maxJsonDepth);
    }

    public EmulatorServerOptions withApiKey(String value) {
        return new EmulatorServerOptions(host, maxBodyBytes, value, eventLoops, defaultMaxOutputTokens, maxJsonDepth);
    }

    public EmulatorServerOptions withEventLoops(int value) {
        return new EmulatorServerOptions(host, maxBodyBytes, apiKey, value, defaultMaxOutputTokens, maxJsonDepth);
    }

    public EmulatorServerOptions withDefaultMaxOutputTokens(int value) {
        return new EmulatorServerOptions(host, maxBodyBytes, apiKey, eventLoops, value, maxJsonDepth);
    }

    public EmulatorServerOptions withMaxJsonDepth(int value) {
        return new EmulatorServerOptions(host, maxBodyBytes, apiKey, eventLoops, defaultMaxOutputTokens, value);
    }

    @Override
    public String toString() {
        return "EmulatorServerOptions[host=" + host + ", maxBodyBytes=" + maxBodyBytes + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", eventLoops=" + eventLoops + ", defaultMaxOutputTokens=" + defaultMaxOutputTokens + ", maxJsonDepth=" + maxJsonDepth + "]";
    }
}
