package dev.patchlane.sandbox.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;

/** The JSON Schema of {@code .patchlane.yml}: its {@code $id} under {@link #BASE_URI}, its file under {@code schemas/} on the classpath. */
final class ChecksSchema {

    static final String BASE_URI = "https://patchlane.dev/schemas/";
    static final String FILE = "patchlane-checks.schema.json";

    private static final JsonSchema SCHEMA = load();

    private ChecksSchema() {
    }

    /** The violations, each as {@code "$.field: message"}; empty when the document is valid. */
    static List<String> violations(JsonNode document) {
        return SCHEMA.validate(document).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    private static JsonSchema load() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE_URI, "classpath:schemas/")));
        JsonSchema schema = factory.getSchema(SchemaLocation.of(BASE_URI + FILE));
        schema.initializeValidators();
        return schema;
    }
}
