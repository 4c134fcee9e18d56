package dev.patchlane.decoding.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.patchlane.decoding.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads and checks the request fields both APIs share; a wrong field is a 400 that names it. An explicit null is absent. */
final class Fields {

    private static final int SHOWN = 40;

    private Fields() {
    }

    static JsonNode get(JsonNode object, String name) {
        JsonNode node = object.get(name);
        return node == null || node.isNull() ? null : node;
    }

    static String requiredString(JsonNode object, String name, String param) {
        JsonNode node = get(object, name);
        if (node == null) {
            throw ApiError.invalid("Missing required parameter: '" + param + "'.", param).exception();
        }
        return string(node, param);
    }

    static Optional<String> optionalString(JsonNode object, String name, String param) {
        JsonNode node = get(object, name);
        return node == null ? Optional.empty() : Optional.of(string(node, param));
    }

    static String string(JsonNode node, String param) {
        if (!node.isTextual()) {
            throw wrongType(param, "a string", node);
        }
        return node.textValue();
    }

    static boolean bool(JsonNode object, String name, String param) {
        JsonNode node = get(object, name);
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            throw wrongType(param, "a boolean", node);
        }
        return node.booleanValue();
    }

    static OptionalInt positiveInt(JsonNode object, String name) {
        JsonNode node = get(object, name);
        if (node == null) {
            return OptionalInt.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw wrongType(name, "an integer from 1 to " + Integer.MAX_VALUE, node);
        }
        return OptionalInt.of(node.intValue());
    }

    static JsonNode object(JsonNode object, String name, String param) {
        JsonNode node = get(object, name);
        if (node != null && !node.isObject()) {
            throw wrongType(param, "an object", node);
        }
        return node;
    }

    static JsonNode array(JsonNode object, String name, String param) {
        JsonNode node = get(object, name);
        if (node != null && !node.isArray()) {
            throw wrongType(param, "an array", node);
        }
        return node;
    }

    /**
     * Function tools; in chat each is {@code {type, function: {name, description, parameters}}}, in responses the
     * function's fields sit beside {@code type}.
     */
    static List<ToolSpec> tools(JsonNode body, boolean nestedFunction) {
        JsonNode tools = array(body, "tools", "tools");
        List<ToolSpec> specs = new ArrayList<>();
        if (tools == null) {
            return specs;
        }
        for (int i = 0; i < tools.size(); i++) {
            String param = "tools[" + i + "]";
            JsonNode tool = tools.get(i);
            if (!tool.isObject()) {
                throw wrongType(param, "an object", tool);
            }
            String type = requiredString(tool, "type", param + ".type");
            if (!type.equals("function")) {
                throw ApiError.invalid("Only function tools are supported, not `" + shown(type) + "`.", param + ".type").exception();
            }
            JsonNode function = tool;
            if (nestedFunction) {
                function = object(tool, "function", param + ".function");
                if (function == null) {
                    throw ApiError.invalid("Missing required parameter: '" + param + ".function'.", param + ".function").exception();
                }
                param = param + ".function";
            }
            String name = requiredString(function, "name", param + ".name");
            String description = optionalString(function, "description", param + ".description").orElse(null);
            JsonNode parameters = object(function, "parameters", param + ".parameters");
            specs.add(new ToolSpec(name, description, parameters == null ? JsonNodeFactory.instance.objectNode() : parameters));
        }
        return specs;
    }

    /** The JSON Schema of a {@code json_schema} format, a bare object schema for {@code json_object}, null for text. */
    static JsonNode outputSchema(String type, JsonNode schemaHolder, String param) {
        return switch (type) {
            case "text" -> null;
            case "json_object" -> JsonNodeFactory.instance.objectNode().put("type", "object");
            case "json_schema" -> {
                JsonNode schema = schemaHolder == null ? null : object(schemaHolder, "schema", param + ".schema");
                if (schema == null) {
                    throw ApiError.invalid("Missing required parameter: '" + param + ".schema'.", param + ".schema").exception();
                }
                yield schema;
            }
            default -> throw ApiError.invalid("Unsupported format type `" + shown(type) + "`; use text, json_object or json_schema.",
                    param + ".type").exception();
        };
    }

    static ApiError.ApiException wrongType(String param, String expected, JsonNode got) {
        return ApiError.invalid("Invalid '" + param + "': expected " + expected + ", got " + shown(got.toString()) + ".", param).exception();
    }

    static String shown(String value) {
        return value.length() <= SHOWN ? value : value.substring(0, SHOWN) + "…";
    }
}
