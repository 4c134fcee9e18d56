package dev.patchlane.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import com.networknt.schema.resource.DisallowSchemaLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A job's own {@code outputSchema}, compiled to check the documents a model answers with.
 *
 * <p>The schema is untrusted input. {@link #compile} refuses one that is too large or too deep, that is not a valid
 * JSON Schema, or that refers to anything outside itself: every {@code $ref}, {@code $dynamicRef} and
 * {@code $recursiveRef} must start with {@code #}, an {@code $id} may only be a fragment, and {@code $schema} may only
 * name a built-in dialect (2020-12, the default; 2019-09; draft-07). On top of that the networknt factory it compiles
 * with has a schema loader that refuses every load, so nothing is ever fetched over the network or read from disk.
 * Patterns run with a bounded budget (see {@link DocumentPattern}) and formats are asserted.
 */
public final class DocumentSchema {

    public static final int MAX_SCHEMA_BYTES = 256 * 1024;
    public static final int MAX_SCHEMA_DEPTH = 64;
    public static final int MAX_REPLY_BYTES = 1024 * 1024;
    public static final int MAX_VIOLATIONS = 20;

    private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");
    private static final Map<VersionFlag, JsonSchemaFactory> FACTORIES = new EnumMap<>(VersionFlag.class);
    private static final Map<VersionFlag, String> DIALECTS = new EnumMap<>(Map.of(
            VersionFlag.V202012, "https://json-schema.org/draft/2020-12/schema",
            VersionFlag.V201909, "https://json-schema.org/draft/2019-09/schema",
            VersionFlag.V7, "http://json-schema.org/draft-07/schema"));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .locale(Locale.ROOT)
            .pathType(PathType.LEGACY)
            .formatAssertionsEnabled(true)
            .regularExpressionFactory(DocumentPattern.factory())
            .build();
    private static final List<JsonNode> PROBES = List.of(NullNode.getInstance(), BooleanNode.TRUE, TextNode.valueOf(""),
            JsonNodeFactory.instance.numberNode(0), JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.arrayNode());
    private static final ObjectReader REPLY_READER = Json.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        for (VersionFlag version : DIALECTS.keySet()) {
            FACTORIES.put(version, JsonSchemaFactory.getInstance(version, builder -> builder
                    .enableSchemaCache(false)
                    .schemaLoaders(loaders -> loaders.values(list -> {
                        list.clear();
                        list.add(DisallowSchemaLoader.getInstance());
                    }))));
        }
    }

    private final JsonNode schema;
    private final JsonSchema compiled;

    private DocumentSchema(JsonNode schema, JsonSchema compiled) {
        this.schema = schema;
        this.compiled = compiled;
    }

    /**
     * Compiles a job's output schema.
     *
     * @throws IllegalArgumentException naming what is wrong, when the schema is not a usable, self-contained JSON Schema
     */
    public static DocumentSchema compile(JsonNode schema) {
        if (schema == null || schema.isMissingNode()) {
            throw new IllegalArgumentException("no output schema");
        }
        if (!schema.isObject() && !schema.isBoolean()) {
            throw new IllegalArgumentException("an output schema must be a JSON object or a boolean, not " + kind(schema));
        }
        checkDepth(schema);
        checkSize(schema);
        VersionFlag version = dialect(schema);
        checkSelfContained(schema, "$");
        List<String> metaViolations = metaSchemaViolations(schema, version);
        if (!metaViolations.isEmpty()) {
            throw new IllegalArgumentException("the output schema is not a valid " + name(version) + " JSON Schema: "
                    + String.join("; ", cap(metaViolations, 5)));
        }
        JsonNode copy = schema.deepCopy();
        JsonSchema compiled;
        try {
            compiled = FACTORIES.get(version).getSchema(copy, CONFIG);
            compiled.initializeValidators();
            for (JsonNode probe : PROBES) {
                compiled.validate(probe);
            }
        } catch (StackOverflowError e) {
            throw new IllegalArgumentException("the output schema refers to itself without bound");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the output schema cannot be compiled: " + describe(e), e);
        }
        return new DocumentSchema(copy, compiled);
    }

    /** The networknt factory schemas are compiled with; its schema loader refuses every load. */
    static JsonSchemaFactory factory(VersionFlag version) {
        return FACTORIES.get(version);
    }

    /** The schema as compiled; a copy. */
    public JsonNode schema() {
        return schema.deepCopy();
    }

    /**
     * What is wrong with {@code document}, each as {@code "$.field: message"}, sorted; empty when it is valid. At most
     * {@link #MAX_VIOLATIONS}, followed by {@code "… and N more"} when there are more.
     */
    public List<String> violations(JsonNode document) {
        Objects.requireNonNull(document, "document");
        List<String> messages;
        try {
            messages = compiled.validate(document).stream().map(ValidationMessage::getMessage).distinct().sorted().toList();
        } catch (StackOverflowError e) {
            return List.of("$: the document is nested too deeply to check against the output schema");
        } catch (RuntimeException e) {
            return List.of("$: the document cannot be checked against the output schema: " + describe(e));
        }
        return cap(messages, MAX_VIOLATIONS);
    }

    /**
     * Reads a model's structured-output reply: exactly one JSON value, optionally inside one {@code ```json} (or bare
     * {@code ```}) fence, nothing else around it, no duplicate keys, at most {@link #MAX_REPLY_BYTES} bytes of UTF-8.
     */
    public static DocumentParse parse(String reply) {
        if (reply == null) {
            return DocumentParse.failed("no reply");
        }
        if (reply.length() > MAX_REPLY_BYTES || reply.getBytes(StandardCharsets.UTF_8).length > MAX_REPLY_BYTES) {
            return DocumentParse.failed("the reply is over the limit of " + MAX_REPLY_BYTES + " bytes");
        }
        String text = reply.strip();
        if (text.startsWith("```")) {
            int newline = text.indexOf('\n');
            if (newline < 0) {
                return DocumentParse.failed("the reply opens a code fence on its only line");
            }
            String info = text.substring(3, newline).strip();
            if (!info.isEmpty() && !info.equalsIgnoreCase("json")) {
                return DocumentParse.failed("the reply is fenced as '" + abbreviate(info) + "', not json");
            }
            if (text.length() < newline + 4 || !text.endsWith("```")) {
                return DocumentParse.failed("the reply's code fence is not closed at its end");
            }
            text = text.substring(newline + 1, text.length() - 3);
        }
        if (text.isBlank()) {
            return DocumentParse.failed("the reply holds no JSON value");
        }
        try {
            JsonNode document = REPLY_READER.readTree(text);
            if (document == null || document.isMissingNode()) {
                return DocumentParse.failed("the reply holds no JSON value");
            }
            return DocumentParse.of(document);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            return DocumentParse.failed("the reply is not exactly one JSON value: " + abbreviate(e.getOriginalMessage()) + where);
        } catch (IOException | RuntimeException e) {
            return DocumentParse.failed("the reply is not exactly one JSON value: " + abbreviate(String.valueOf(e.getMessage())));
        }
    }

    private static void checkDepth(JsonNode schema) {
        Deque<Map.Entry<JsonNode, Integer>> pending = new ArrayDeque<>();
        pending.push(Map.entry(schema, 1));
        while (!pending.isEmpty()) {
            Map.Entry<JsonNode, Integer> next = pending.pop();
            if (next.getValue() > MAX_SCHEMA_DEPTH) {
                throw new IllegalArgumentException("the output schema is nested more than " + MAX_SCHEMA_DEPTH + " levels deep");
            }
            for (JsonNode child : next.getKey()) {
                if (child.isContainerNode()) {
                    pending.push(Map.entry(child, next.getValue() + 1));
                }
            }
        }
    }

    private static void checkSize(JsonNode schema) {
        OutputStream counter = new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                count(1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                count(len);
            }

            private void count(int bytes) throws IOException {
                written += bytes;
                if (written > MAX_SCHEMA_BYTES) {
                    throw new TooLarge();
                }
            }
        };
        try {
            Json.mapper().writeValue(counter, schema);
        } catch (IOException e) {
            if (e instanceof TooLarge || e.getCause() instanceof TooLarge) {
                throw new IllegalArgumentException("the output schema is over the limit of " + MAX_SCHEMA_BYTES + " bytes");
            }
            throw new IllegalArgumentException("the output schema cannot be serialised: " + e.getMessage(), e);
        }
    }

    private static VersionFlag dialect(JsonNode schema) {
        JsonNode declared = schema.get("$schema");
        if (declared == null) {
            return VersionFlag.V202012;
        }
        VersionFlag version = knownDialect(declared);
        if (version == null) {
            throw new IllegalArgumentException("$schema " + quoted(declared) + " is not a supported dialect; use "
                    + DIALECTS.get(VersionFlag.V202012) + " or leave $schema out");
        }
        return version;
    }

    private static VersionFlag knownDialect(JsonNode declared) {
        if (!declared.isTextual()) {
            return null;
        }
        String iri = declared.textValue();
        String bare = iri.endsWith("#") ? iri.substring(0, iri.length() - 1) : iri;
        for (Map.Entry<VersionFlag, String> dialect : DIALECTS.entrySet()) {
            if (dialect.getValue().equals(bare)) {
                return dialect.getKey();
            }
        }
        return null;
    }

    /**
     * Every reference anywhere in the schema, not only in keyword positions: a local {@code $ref} can point into any
     * part of the document and make it a schema.
     */
    private static void checkSelfContained(JsonNode node, String where) {
        Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
        pending.push(Map.entry(where, node));
        while (!pending.isEmpty()) {
            Map.Entry<String, JsonNode> next = pending.pop();
            JsonNode current = next.getValue();
            if (current.isArray()) {
                for (int i = 0; i < current.size(); i++) {
                    pending.push(Map.entry(next.getKey() + "[" + i + "]", current.get(i)));
                }
                continue;
            }
            if (!current.isObject()) {
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = current.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String at = next.getKey() + "." + field.getKey();
                JsonNode value = field.getValue();
                if (value.isTextual()) {
                    checkKeyword(field.getKey(), value, at);
                } else if (value.isContainerNode()) {
                    pending.push(Map.entry(at, value));
                }
            }
        }
    }

    private static void checkKeyword(String keyword, JsonNode value, String at) {
        String text = value.textValue();
        if (REFERENCES.contains(keyword) && !text.startsWith("#")) {
            throw new IllegalArgumentException(at + ": " + quoted(value)
                    + " refers outside the output schema; only local references such as \"#/$defs/name\" are allowed");
        }
        if (keyword.equals("$id") && !text.isEmpty() && !text.startsWith("#")) {
            throw new IllegalArgumentException(at + ": " + quoted(value)
                    + " gives the output schema an outside identity; leave $id out (use $anchor to name a subschema)");
        }
        if (keyword.equals("$schema") && knownDialect(value) == null) {
            throw new IllegalArgumentException(at + ": " + quoted(value) + " is not a supported dialect");
        }
    }

    private static List<String> metaSchemaViolations(JsonNode schema, VersionFlag version) {
        try {
            return MetaSchemas.of(version).validate(schema).stream().map(ValidationMessage::getMessage).distinct().sorted().toList();
        } catch (StackOverflowError e) {
            return List.of("$: nested too deeply to check");
        } catch (RuntimeException e) {
            return List.of("$: " + describe(e));
        }
    }

    private static List<String> cap(List<String> messages, int limit) {
        if (messages.size() <= limit) {
            return messages;
        }
        List<String> capped = new ArrayList<>(messages.subList(0, limit));
        capped.add("… and " + (messages.size() - limit) + " more");
        return List.copyOf(capped);
    }

    private static String name(VersionFlag version) {
        return switch (version) {
            case V202012 -> "draft 2020-12";
            case V201909 -> "draft 2019-09";
            default -> "draft-07";
        };
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String quoted(JsonNode value) {
        return abbreviate(value.toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? e.getMessage() : cause.getMessage();
        if (message == null) {
            return cause.getClass().getSimpleName();
        }
        return abbreviate(message.replaceFirst("^[:\\s]+", ""));
    }

    /** Thrown by the counting stream once the schema is too large; stops the serialiser early. */
    private static final class TooLarge extends IOException {

        TooLarge() {
            super("too large", null);
        }
    }

    /**
     * The dialects' meta-schemas, read from the validator's own jar (the networknt meta-schema mapper turns
     * json-schema.org addresses into {@code classpath:} ones); any other load is refused.
     */
    private static final class MetaSchemas {

        private static final Map<VersionFlag, JsonSchema> LOADED = new EnumMap<>(VersionFlag.class);

        static {
            for (Map.Entry<VersionFlag, String> dialect : DIALECTS.entrySet()) {
                JsonSchemaFactory factory = JsonSchemaFactory.getInstance(dialect.getKey(), builder -> builder
                        .schemaLoaders(loaders -> loaders.values(list -> {
                            list.clear();
                            list.add(new AllowSchemaLoader(MetaSchemas::bundled));
                        })));
                JsonSchema meta = factory.getSchema(SchemaLocation.of(dialect.getValue()),
                        SchemaValidatorsConfig.builder().locale(Locale.ROOT).pathType(PathType.LEGACY).build());
                meta.initializeValidators();
                LOADED.put(dialect.getKey(), meta);
            }
        }

        static JsonSchema of(VersionFlag version) {
            return LOADED.get(version);
        }

        private static boolean bundled(AbsoluteIri iri) {
            return iri.toString().startsWith("classpath:");
        }
    }
}
