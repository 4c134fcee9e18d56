package dev.patchlane.worker.guard;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import dev.patchlane.contracts.Json;
import dev.patchlane.decoding.StreamGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Cancels a structured-output stream at the first byte that cannot belong to a JSON document, using Jackson's
 * non-blocking parser so each chunk is parsed once, as it arrives.
 */
final class JsonSyntaxGuard implements StreamGuard {

    private JsonParser parser;
    private int fed;
    private boolean started;
    private boolean done;

    JsonSyntaxGuard() {
        reset();
    }

    @Override
    public Optional<String> check(CharSequence textSoFar) {
        if (textSoFar.length() < fed) {
            reset();
        }
        if (done || textSoFar.length() == fed) {
            return Optional.empty();
        }
        byte[] chunk = textSoFar.subSequence(fed, textSoFar.length()).toString().getBytes(StandardCharsets.UTF_8);
        fed = textSoFar.length();
        try {
            ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).feedInput(chunk, 0, chunk.length);
            JsonToken token;
            while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
                if (!started && token != JsonToken.START_OBJECT) {
                    return Optional.of("structured output was asked for, but the reply does not start a JSON object");
                }
                started = true;
                if (token == JsonToken.END_OBJECT && parser.getParsingContext().inRoot()) {
                    done = true;
                    return Optional.empty();
                }
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.of("structured output was asked for, but the reply is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Optional.of("structured output was asked for, but the reply is not JSON: " + e.getMessage());
        }
    }

    private void reset() {
        try {
            parser = Json.mapper().getFactory().createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        fed = 0;
        started = false;
        done = false;
    }
}
