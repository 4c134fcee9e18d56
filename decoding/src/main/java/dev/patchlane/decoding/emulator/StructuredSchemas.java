package dev.patchlane.decoding.emulator;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flattens one schema node for the generator: local {@code $ref}s (JSON pointers and {@code $anchor} names) are
 * resolved, {@code allOf} parts are merged in, and of an {@code anyOf}/{@code oneOf} the first alternative that fits
 * the rest is merged in. What comes out is an object schema without those keywords, or null for a {@code false}
 * schema. Anything it does not understand it leaves alone; it never throws on a strange schema.
 */
final class StructuredSchemas {

    /** Marks a merge whose types or enums do not meet; removed before generation. */
    static final String CONFLICT = "$patchlane:conflict";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_STEPS = 64;
    private static final int MAX_ANCHOR_SEARCH = 10_000;
    private static final Set<String> LOWER_BOUNDS = Set.of("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains");
    private static final Set<String> UPPER_BOUNDS = Set.of("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains");

    private static final int MAX_WORK = 2_000;

    private final JsonNode root;
    private int work = MAX_WORK;

    StructuredSchemas(JsonNode root) {
        this.root = root;
    }

    /** The schema flattened, or null when nothing can satisfy it ({@code false}). */
    ObjectNode flatten(JsonNode schema) {
        ObjectNode flat = flatten(schema, 0);
        if (flat != null && flat.has(CONFLICT)) {
            flat = flat.deepCopy();
            flat.remove(CONFLICT);
        }
        return flat;
    }

    private ObjectNode flatten(JsonNode schema, int nesting) {
        ObjectNode current = asObject(schema);
        if (--work < 0 || nesting > MAX_STEPS) {
            // out of budget (a schema whose references branch and loop): take the node as it stands
            return current;
        }
        for (int step = 0; current != null && step < MAX_STEPS; step++) {
            if (current.has("$ref") || current.has("$dynamicRef") || current.has("$recursiveRef")) {
                String keyword = current.has("$ref") ? "$ref" : current.has("$dynamicRef") ? "$dynamicRef" : "$recursiveRef";
                JsonNode target = resolve(current.get(keyword), keyword);
                ObjectNode rest = current.deepCopy();
                rest.remove(keyword);
                current = merge(flatten(target, nesting + 1), rest);
            } else if (current.has("allOf")) {
                ObjectNode rest = current.deepCopy();
                JsonNode parts = rest.remove("allOf");
                ObjectNode merged = rest;
                if (parts.isArray()) {
                    for (JsonNode part : parts) {
                        merged = merge(merged, flatten(part, nesting + 1));
                    }
                }
                current = merged;
            } else if (current.has("anyOf") || current.has("oneOf")) {
                String keyword = current.has("anyOf") ? "anyOf" : "oneOf";
                ObjectNode rest = current.deepCopy();
                JsonNode alternatives = rest.remove(keyword);
                current = choose(alternatives, rest, nesting);
            } else {
                return current;
            }
        }
        return current;
    }

    /** The first alternative whose type fits the rest of the schema, merged with it; the first one when none fits. */
    private ObjectNode choose(JsonNode alternatives, ObjectNode rest, int nesting) {
        if (!alternatives.isArray() || alternatives.isEmpty()) {
            return rest;
        }
        ObjectNode first = null;
        for (JsonNode alternative : alternatives) {
            ObjectNode flat = flatten(alternative, nesting + 1);
            if (flat == null) {
                continue;
            }
            ObjectNode merged = merge(flat, rest);
            if (merged == null) {
                continue;
            }
            if (first == null) {
                first = merged;
            }
            if (!merged.has(CONFLICT)) {
                return merged;
            }
        }
        if (first != null) {
            first.remove(CONFLICT);
            return first;
        }
        return merge(asObject(alternatives.get(0)), rest);
    }

    /** Both schemas' constraints in one: lower bounds raised, upper bounds lowered, properties and required joined. */
    static ObjectNode merge(ObjectNode a, ObjectNode b) {
        if (a == null || b == null) {
            return null;
        }
        ObjectNode merged = a.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = b.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            JsonNode mine = merged.get(key);
            if (mine == null) {
                merged.set(key, value.deepCopy());
            } else if (key.equals("properties") && mine.isObject() && value.isObject()) {
                ObjectNode properties = (ObjectNode) mine;
                value.fields().forEachRemaining(property -> {
                    JsonNode existing = properties.get(property.getKey());
                    properties.set(property.getKey(), existing == null ? property.getValue().deepCopy() : allOf(existing, property.getValue()));
                });
            } else if (key.equals("required") && mine.isArray() && value.isArray()) {
                Set<String> names = new LinkedHashSet<>();
                mine.forEach(name -> names.add(name.asText()));
                value.forEach(name -> names.add(name.asText()));
                ArrayNode required = NODES.arrayNode();
                names.forEach(required::add);
                merged.set("required", required);
            } else if (key.equals("type")) {
                List<String> types = intersect(types(mine), types(value));
                if (types.isEmpty()) {
                    merged.put(CONFLICT, true);
                } else {
                    ArrayNode list = NODES.arrayNode();
                    types.forEach(list::add);
                    merged.set("type", list.size() == 1 ? list.get(0) : list);
                }
            } else if (key.equals("enum") && mine.isArray() && value.isArray()) {
                ArrayNode both = NODES.arrayNode();
                mine.forEach(option -> {
                    for (JsonNode other : value) {
                        if (option.equals(other)) {
                            both.add(option);
                            return;
                        }
                    }
                });
                if (both.isEmpty()) {
                    merged.put(CONFLICT, true);
                } else {
                    merged.set("enum", both);
                }
            } else if (LOWER_BOUNDS.contains(key) && mine.isNumber() && value.isNumber()) {
                merged.set(key, mine.decimalValue().compareTo(value.decimalValue()) >= 0 ? mine : value.deepCopy());
            } else if (UPPER_BOUNDS.contains(key) && mine.isNumber() && value.isNumber()) {
                merged.set(key, mine.decimalValue().compareTo(value.decimalValue()) <= 0 ? mine : value.deepCopy());
            } else if (key.equals("additionalProperties") && value.isBoolean() && !value.booleanValue()) {
                merged.set(key, value.deepCopy());
            } else if ((key.equals("items") || key.equals("additionalProperties")) && !mine.isArray() && !value.isArray()
                    && !mine.equals(value)) {
                merged.set(key, allOf(mine, value));
            }
        }
        return merged;
    }

    static List<String> types(JsonNode type) {
        List<String> types = new ArrayList<>();
        if (type == null) {
            return types;
        }
        if (type.isTextual()) {
            types.add(type.textValue());
        } else if (type.isArray()) {
            type.forEach(each -> {
                if (each.isTextual() && !types.contains(each.textValue())) {
                    types.add(each.textValue());
                }
            });
        }
        return types;
    }

    private static List<String> intersect(List<String> a, List<String> b) {
        List<String> both = new ArrayList<>();
        for (String type : a) {
            if (b.contains(type)) {
                both.add(type);
            } else if (type.equals("integer") && b.contains("number") || type.equals("number") && b.contains("integer")) {
                both.add("integer");
            }
        }
        return both;
    }

    private static ObjectNode allOf(JsonNode a, JsonNode b) {
        ObjectNode both = NODES.objectNode();
        both.putArray("allOf").add(a.deepCopy()).add(b.deepCopy());
        return both;
    }

    private static ObjectNode asObject(JsonNode schema) {
        if (schema == null || schema.isNull() || schema.isMissingNode() || (schema.isBoolean() && schema.booleanValue())) {
            return NODES.objectNode();
        }
        if (schema.isObject()) {
            return (ObjectNode) schema;
        }
        return schema.isBoolean() ? null : NODES.objectNode();
    }

    /** A local reference's target; an empty schema for anything else, which generation treats as "anything". */
    private JsonNode resolve(JsonNode reference, String keyword) {
        if (reference == null || !reference.isTextual()) {
            return NODES.objectNode();
        }
        String ref = reference.textValue();
        if (!ref.startsWith("#")) {
            return NODES.objectNode();
        }
        String fragment = percentDecoded(ref.substring(1));
        if (fragment.isEmpty()) {
            return root;
        }
        if (fragment.startsWith("/")) {
            try {
                JsonNode target = root.at(JsonPointer.compile(fragment));
                return target.isMissingNode() ? NODES.objectNode() : target;
            } catch (IllegalArgumentException e) {
                return NODES.objectNode();
            }
        }
        JsonNode anchored = anchor(fragment, keyword.equals("$ref") ? "$anchor" : "$dynamicAnchor");
        return anchored != null ? anchored : NODES.objectNode();
    }

    private JsonNode anchor(String name, String keyword) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        for (int visited = 0; !pending.isEmpty() && visited < MAX_ANCHOR_SEARCH; visited++) {
            JsonNode node = pending.pop();
            if (node.isObject()) {
                JsonNode anchor = node.get(keyword);
                JsonNode id = node.get("$id");
                if (anchor != null && name.equals(anchor.asText()) || id != null && ("#" + name).equals(id.asText())) {
                    return node;
                }
            }
            node.forEach(child -> {
                if (child.isContainerNode()) {
                    pending.push(child);
                }
            });
        }
        return null;
    }

    private static String percentDecoded(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
