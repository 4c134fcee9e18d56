package dev.patchlane.sink.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.StructuredLimits;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A structured-output job's document, checked again and ready for any result publisher.
 *
 * @param outcome the attempt that produced it
 * @param document the JSON document, an object or an array
 * @param file the document as its result file holds it: pretty-printed UTF-8 JSON and a final line break, the same
 *     bytes for the same document
 */
public record PreparedResult(Outcome outcome, JsonNode document, byte[] file) {

    /** The largest document published, serialised compactly as the outcome record carries it. */
    /** A document travels in the outcome, the publication and the status: this keeps each record under Kafka's 1 MB. */
    public static final int MAX_DOCUMENT_BYTES = StructuredLimits.MAX_DOCUMENT_BYTES;

    // Plain Jackson, not the topics' dialect: the document is written exactly as it is, nulls included.
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Checks the outcome's document once more: it must be an object or an array below {@link #MAX_DOCUMENT_BYTES}.
     * The worker has already validated it against the job's output schema; that check is not repeated here.
     *
     * @throws ResultRejectedException when it is missing, not an object or array, or too large
     */
    public static PreparedResult of(Outcome outcome) {
        JsonNode document = outcome.document();
        if (document == null || document.isNull() || document.isMissingNode()) {
            throw new ResultRejectedException("the outcome carries no document");
        }
        if (!document.isObject() && !document.isArray()) {
            throw new ResultRejectedException("the document is a JSON " + document.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not an object or an array");
        }
        try {
            int size = JSON.writeValueAsBytes(document).length;
            if (size > MAX_DOCUMENT_BYTES) {
                throw new ResultRejectedException("the document is " + size + " bytes serialised, over the limit of " + MAX_DOCUMENT_BYTES);
            }
            String pretty = JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document) + "\n";
            return new PreparedResult(outcome, document, pretty.getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ResultRejectedException("the document cannot be serialised: " + e.getOriginalMessage());
        }
    }

    /** The document pretty-printed, as the result file holds it. */
    public String text() {
        return new String(file, StandardCharsets.UTF_8);
    }
}
