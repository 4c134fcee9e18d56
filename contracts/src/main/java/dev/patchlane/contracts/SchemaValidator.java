package dev.patchlane.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Validates JSON against the contract schemas; each violation names the field it is about. */
public final class SchemaValidator {

    private static final SchemaValidator INSTANCE = new SchemaValidator();

    private final Map<ContractSchema, JsonSchema> schemas = new EnumMap<>(ContractSchema.class);

    private SchemaValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(ContractSchema.BASE_URI, "classpath:schemas/")));
        for (ContractSchema schema : ContractSchema.values()) {
            JsonSchema loaded = factory.getSchema(SchemaLocation.of(schema.uri()));
            loaded.initializeValidators();
            schemas.put(schema, loaded);
        }
    }

    public static SchemaValidator instance() {
        return INSTANCE;
    }

    /** The violations, each as {@code "$.field: message"}; empty when the document is valid. */
    public List<String> violations(ContractSchema schema, JsonNode document) {
        return schemas.get(schema).validate(document).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }
}
