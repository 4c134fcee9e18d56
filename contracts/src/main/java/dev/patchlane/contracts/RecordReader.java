package dev.patchlane.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.List;

/** Turns raw topic bytes into a contract record, or explains exactly why it cannot. */
public final class RecordReader {

    private RecordReader() {
    }

    public static <T> T read(byte[] bytes, ContractSchema schema, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            throw new UnreadableRecordException("empty record value");
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new UnreadableRecordException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UnreadableRecordException("unreadable bytes: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new UnreadableRecordException("record value is not a JSON object");
        }
        List<String> violations = SchemaValidator.instance().violations(schema, tree);
        if (!violations.isEmpty()) {
            throw new UnreadableRecordException("breaks " + schema.file() + ": " + String.join("; ", violations));
        }
        try {
            return Json.mapper().treeToValue(tree, type);
        } catch (IOException e) {
            throw new UnreadableRecordException("cannot bind to " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
