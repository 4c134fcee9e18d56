package dev.patchlane.decoding.openai;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Json;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.net.http.HttpClient;
import java.util.function.Function;

/**
 * A decoder for any server that speaks OpenAI's Chat Completions or Responses API: OpenAI, Cerebras, vLLM, llama.cpp,
 * Ollama. Each subscription is exactly one HTTP request; retrying is {@code ResilientDecoder}'s job. The JDK client
 * never resends a POST on its own (it resends only GET and HEAD, unless {@code jdk.httpclient.enableAllMethodRetry} is
 * set); it may repeat a refused TCP connect, before any byte of the request is sent.
 */
public final class OpenAiDecoder implements Decoder {

    static final String CONTENT_SOURCE = "model";

    /** What patchlane's own emulator puts in {@code system_fingerprint} (Chat) or {@code metadata} (Responses). */
    public static final String EMULATOR_MARK = "patchlane-emulator";

    /** The content source of a reply: {@code model}, or {@code emulator:<source>} when patchlane's emulator labelled it. */
    static String contentSource(String emulatorSource) {
        return emulatorSource == null ? CONTENT_SOURCE : "emulator:" + emulatorSource;
    }

    private final OpenAiEndpoint endpoint;
    private final Function<String, String> environment;
    private final HttpClient http;
    private final ConcurrencyLimit slots;

    /** Reads the key from the process environment. */
    public OpenAiDecoder(OpenAiEndpoint endpoint) {
        this(endpoint, System::getenv);
    }

    /**
     * @param endpoint where and what to ask
     * @param environment looks up environment variables by name; the key is read through it on every stream
     */
    public OpenAiDecoder(OpenAiEndpoint endpoint, Function<String, String> environment) {
        this.endpoint = endpoint;
        this.environment = environment;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(endpoint.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.slots = new ConcurrencyLimit(endpoint.maxConcurrentRequests());
    }

    public OpenAiEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public DecoderInfo describe() {
        return new DecoderInfo("openai", endpoint.model(), false, CONTENT_SOURCE, endpoint.baseUrl().toString(), null);
    }

    @Override
    public Multi<DecodeEvent> stream(DecodeRequest request) {
        return Multi.createFrom().emitter(emitter -> start(request, emitter));
    }

    private void start(DecodeRequest request, MultiEmitter<? super DecodeEvent> emitter) {
        int promptTokens = request.promptTokens();
        if ((long) promptTokens + request.maxOutputTokens() > endpoint.contextWindow()) {
            emitter.fail(new DecoderException(Failure.CONTEXT_LENGTH_EXCEEDED, endpoint.model() + ": a prompt of " + promptTokens
                    + " tokens plus up to " + request.maxOutputTokens() + " output tokens exceeds the context window of "
                    + endpoint.contextWindow()));
            return;
        }
        String apiKey = apiKey();
        Failures failures = new Failures(endpoint.model(), new SafeText(apiKey));
        WireFormat wire = endpoint.api() == OpenAiApi.CHAT
                ? new ChatCompletionsFormat(endpoint, failures)
                : new ResponsesFormat(endpoint, failures);
        ConcurrencyLimit.Ticket slot = slots.ticket();
        StreamExchange exchange = new StreamExchange(http, endpoint, Json.write(wire.body(request)), apiKey, wire.reader(request),
                failures, emitter, slot);
        emitter.onTermination(exchange::close);
        if (emitter.isCancelled()) {
            // cancelled before the hook was in place, so nothing would ever close the exchange
            return;
        }
        slot.whenGranted(exchange::send);
    }

    private String apiKey() {
        if (endpoint.apiKeyEnv() == null) {
            return null;
        }
        String key = environment.apply(endpoint.apiKeyEnv());
        return key == null || key.isBlank() ? null : key.strip();
    }

    @Override
    public String toString() {
        return "OpenAiDecoder[" + endpoint.model() + " at " + endpoint.requestUri() + "]";
    }
}
