package dev.patchlane.decoding.emulator.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Parses a request body strictly: UTF-8 only, no duplicate keys, no trailing content, and a nesting limit so a hostile
 * body cannot exhaust the stack.
 */
final class RequestJson {

    private final ObjectReader reader;

    RequestJson(int maxDepth) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.reader = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().readerFor(JsonNode.class);
    }

    /** The body as a JSON object, or a 400 naming the problem. */
    JsonNode parseObject(byte[] body) {
        if (body.length == 0) {
            throw ApiError.malformedJson("the body is empty").exception();
        }
        JsonNode json;
        try {
            json = reader.readValue(body);
        } catch (JsonProcessingException e) {
            String location = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw ApiError.malformedJson(e.getOriginalMessage() + location).exception();
        } catch (IOException e) {
            throw ApiError.malformedJson(String.valueOf(e.getMessage())).exception();
        }
        if (json == null || json.isMissingNode()) {
            throw ApiError.malformedJson("the body is empty").exception();
        }
        if (!json.isObject()) {
            throw ApiError.invalid("The request body must be a JSON object, not " + json.getNodeType().name().toLowerCase() + ".", null)
                    .exception();
        }
        return json;
    }
}
