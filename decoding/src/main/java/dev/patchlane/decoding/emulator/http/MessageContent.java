package dev.patchlane.decoding.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** A message's content: a string, or an array of text parts joined together. Images, audio and files are refused. */
final class MessageContent {

    private MessageContent() {
    }

    static String text(JsonNode content, String param, Set<String> textTypes) {
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw Fields.wrongType(param, "a string or an array of content parts", content);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            String partParam = param + "[" + i + "]";
            JsonNode part = content.get(i);
            if (!part.isObject()) {
                throw Fields.wrongType(partParam, "an object", part);
            }
            String type = Fields.requiredString(part, "type", partParam + ".type");
            if (!textTypes.contains(type)) {
                throw ApiError.invalid("Only text content is supported here (" + String.join(", ", textTypes) + "), not `"
                        + Fields.shown(type) + "`.", partParam + ".type").exception();
            }
            text.append(Fields.requiredString(part, "text", partParam + ".text"));
        }
        return text.toString();
    }
}
