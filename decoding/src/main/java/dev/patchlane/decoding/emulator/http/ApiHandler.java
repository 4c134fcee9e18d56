package dev.patchlane.decoding.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.decoding.Decoder;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Routes the three endpoints, checks the key, reads and checks the body, and hands the request to a {@link StreamPump}. */
final class ApiHandler implements Handler<HttpServerRequest> {

    private enum Endpoint {
        MODELS(HttpMethod.GET), CHAT(HttpMethod.POST), RESPONSES(HttpMethod.POST);

        final HttpMethod method;

        Endpoint(HttpMethod method) {
            this.method = method;
        }
    }

    private final Map<String, Decoder> models;
    private final EmulatorServerOptions options;
    private final ApiKeyCheck keyCheck;
    private final RequestJson json;
    private final WorkerExecutor subscribers;
    private final long created = System.currentTimeMillis() / 1000;

    ApiHandler(Map<String, Decoder> models, EmulatorServerOptions options, WorkerExecutor subscribers) {
        this.models = models;
        this.options = options;
        this.subscribers = subscribers;
        this.keyCheck = new ApiKeyCheck(options.apiKey());
        this.json = new RequestJson(options.maxJsonDepth());
    }

    @Override
    public void handle(HttpServerRequest request) {
        Endpoint endpoint = switch (request.path()) {
            case "/v1/models" -> Endpoint.MODELS;
            case "/v1/chat/completions" -> Endpoint.CHAT;
            case "/v1/responses" -> Endpoint.RESPONSES;
            default -> null;
        };
        if (endpoint == null) {
            ApiError.invalidUrl(request.method().name(), request.path()).send(request.response());
            return;
        }
        if (!request.method().equals(endpoint.method)) {
            request.response().putHeader("Allow", endpoint.method.name());
            ApiError.methodNotAllowed(request.method().name(), request.path()).send(request.response());
            return;
        }
        Optional<ApiError> refusal = keyCheck.refusal(request);
        if (refusal.isPresent()) {
            refusal.get().send(request.response());
            return;
        }
        if (endpoint == Endpoint.MODELS) {
            request.response().putHeader("Content-Type", "application/json").end(modelList());
            return;
        }
        BodyReader.read(request, options.maxBodyBytes(), body -> generate(endpoint, request, body));
    }

    private void generate(Endpoint endpoint, HttpServerRequest request, Buffer body) {
        ApiRequest parsed;
        try {
            JsonNode root = json.parseObject(body.getBytes());
            parsed = endpoint == Endpoint.CHAT
                    ? ChatRequests.read(root, options.defaultMaxOutputTokens())
                    : ResponsesRequests.read(root, options.defaultMaxOutputTokens());
        } catch (ApiError.ApiException e) {
            e.error().send(request.response());
            return;
        }
        Decoder decoder = models.get(parsed.model());
        if (decoder == null) {
            ApiError.modelNotFound(parsed.model()).send(request.response());
            return;
        }
        Supplier<WireFormat> formats = formats(endpoint, parsed);
        StreamPump.start(Vertx.currentContext(), subscribers, decoder, parsed.decode(), request, formats);
    }

    private static Supplier<WireFormat> formats(Endpoint endpoint, ApiRequest request) {
        if (endpoint == Endpoint.CHAT) {
            return request.stream()
                    ? () -> new ChatStream(request.model(), request.includeUsage())
                    : () -> new ChatBody(request.model());
        }
        return request.stream()
                ? () -> new ResponsesStream(request.model(), request.echo())
                : () -> new ResponsesBody(request.model(), request.echo());
    }

    private Buffer modelList() {
        ObjectNode list = WireJson.object().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String name : models.keySet()) {
            data.addObject().put("id", name).put("object", "model").put("created", created).put("owned_by", "patchlane");
        }
        return WireJson.buffer(list);
    }
}
