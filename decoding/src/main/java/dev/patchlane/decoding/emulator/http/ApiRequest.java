package dev.patchlane.decoding.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.decoding.DecodeRequest;

/**
 * A checked request of either API.
 *
 * @param model the model name asked for
 * @param decode what the decoder is asked to generate
 * @param stream whether the client wants server-sent events
 * @param includeUsage chat only: whether a usage chunk precedes {@code [DONE]}
 * @param echo responses only: the request fields a response object repeats ({@code instructions},
 *     {@code max_output_tokens}, {@code tools}, {@code text}); empty for chat
 */
record ApiRequest(String model, DecodeRequest decode, boolean stream, boolean includeUsage, ObjectNode echo) {
}
