package dev.patchlane.decoding.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.DocumentPattern;
import dev.patchlane.decoding.emulator.StructuredFacts.Level;
import dev.patchlane.decoding.prompt.Task;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The emulator's answer to a structured-output job: a JSON document that follows the job's schema, computed from the
 * job, never canned. Values come from the task by property name: a {@code summary}, {@code title} or
 * {@code description} is a sentence (starting "Emulated") built from the kind, the instructions' first line and the
 * target files; {@code files}/{@code paths}/{@code targets} are the target paths, {@code file}/{@code path} the first
 * (or, inside an array of per-file objects, that item's); {@code severity}/{@code priority}/{@code risk} follow the
 * instructions' words; {@code lines}/{@code lineCount}/{@code size} are line counts; {@code labels}/{@code tags} the
 * kind's words; {@code steps}/{@code plan} one step per target file; a boolean says whether a target file mentions a
 * word of the instructions; anything else is a short string made of the property's name and the job id.
 *
 * <p>Supported: {@code type} (and type arrays), {@code properties}, {@code required}, {@code additionalProperties},
 * {@code patternProperties} (for required names), {@code minProperties}/{@code maxProperties},
 * {@code dependentRequired}, {@code enum}, {@code const}, {@code minLength}/{@code maxLength}, {@code pattern} (a
 * candidate value that matches, else a plain value), {@code format} (date-time, date, time, uri, uri-reference, iri,
 * email, uuid, hostname, ipv4, ipv6, duration), {@code minimum}/{@code maximum}/{@code exclusiveMinimum}/
 * {@code exclusiveMaximum}/{@code multipleOf}, {@code minItems}/{@code maxItems}/{@code uniqueItems}, {@code items},
 * {@code prefixItems} (and draft-07 tuple {@code items}/{@code additionalItems}), local {@code $ref} into
 * {@code $defs}/{@code definitions} or to an {@code $anchor}, {@code anyOf}/{@code oneOf} (the first alternative
 * that fits) and {@code allOf} (merged). Others ({@code not}, {@code if}, {@code contains}, ...) are ignored; the
 * caller validates the document anyway. Recursion is bounded at {@value #MAX_DEPTH} levels, arrays at
 * {@value #MAX_ITEMS} items, the whole document at {@value #MAX_NODES} values. The same task and schema always give
 * the same document.
 */
public final class StructuredDocuments {

    static final int MAX_DEPTH = 16;
    static final int MAX_ITEMS = 32;
    static final int MAX_NODES = 4_096;
    static final int MAX_STRING = 16 * 1024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> HIGH_LEVELS = List.of("high", "critical", "major", "severe", "urgent", "blocker", "p1", "p0", "error");
    private static final List<String> LOW_LEVELS = List.of("low", "minor", "trivial", "info", "p3", "p4", "note", "none");

    private StructuredDocuments() {
    }

    /** A document for {@code schema}, computed from {@code task}. */
    public static JsonNode generate(JsonNode schema, Task task) {
        return new Generator(schema == null ? NODES.objectNode() : schema, StructuredFacts.of(task)).value(schema, "", Scope.WHOLE, 0);
    }

    /** The document as the compact JSON text a model would stream. */
    public static String reply(JsonNode schema, Task task) {
        return generate(schema, task).toString();
    }

    /** What a value is about, by the name of the property that holds it. */
    enum Hint {
        SENTENCE, TITLE, PATHS, PATH, LEVEL, LINES, FIRST_LINE, LAST_LINE, COUNT, LABELS, LABEL, STEPS, STEP, ID, KIND,
        LANGUAGE, FLAG, NONE;

        static Hint of(String name) {
            String key = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            return switch (key) {
                case "summary", "description", "overview", "explanation", "rationale", "reasoning", "reason", "details",
                        "message", "comment", "body", "notes", "analysis", "diagnosis", "text" -> SENTENCE;
                case "title", "headline", "subject" -> TITLE;
                case "files", "paths", "targets", "targetpaths", "targetfiles", "affectedfiles", "changedfiles", "filepaths" -> PATHS;
                case "file", "path", "filepath", "filename", "target", "targetpath", "targetfile", "location" -> PATH;
                case "severity", "priority", "risk", "risklevel", "impact", "urgency", "level", "criticality", "overallrisk" -> LEVEL;
                case "lines", "linecount", "linecounts", "size", "loc", "totallines", "numlines" -> LINES;
                case "line", "linenumber", "startline", "fromline", "firstline" -> FIRST_LINE;
                case "endline", "toline", "lastline" -> LAST_LINE;
                case "count", "filecount", "numfiles", "total" -> COUNT;
                case "labels", "tags", "keywords", "categories" -> LABELS;
                case "label", "tag", "keyword", "category" -> LABEL;
                case "steps", "plan", "actions", "migrationsteps", "changes" -> STEPS;
                case "step", "action", "change", "instruction" -> STEP;
                case "id", "jobid" -> ID;
                case "kind", "jobkind" -> KIND;
                case "language", "lang" -> LANGUAGE;
                default -> key.endsWith("files") || key.endsWith("paths") ? PATHS
                        : key.endsWith("file") || key.endsWith("path") ? PATH
                        : key.endsWith("steps") ? STEPS
                        : name.matches("(is|has|needs|should|can|requires)[A-Z_].*") ? FLAG : NONE;
            };
        }
    }

    /**
     * Where in the document a value sits: about the whole task, or about one target file (an item of a per-file
     * array), and as which item.
     */
    record Scope(int file, int index, boolean step) {

        static final Scope WHOLE = new Scope(-1, -1, false);
    }

    private static final class Generator {

        private final StructuredFacts facts;
        private final StructuredSchemas schemas;
        private final Map<String, Optional<DocumentPattern>> patterns = new HashMap<>();
        private int budget = MAX_NODES;

        Generator(JsonNode root, StructuredFacts facts) {
            this.facts = facts;
            this.schemas = new StructuredSchemas(root);
        }

        JsonNode value(JsonNode schema, String name, Scope scope, int depth) {
            budget--;
            ObjectNode flat = schemas.flatten(schema);
            if (flat == null) {
                return NODES.nullNode();
            }
            if (flat.has("const")) {
                return flat.get("const").deepCopy();
            }
            JsonNode options = flat.get("enum");
            if (options != null && options.isArray() && !options.isEmpty()) {
                return choice(options, name, scope).deepCopy();
            }
            Hint hint = Hint.of(name);
            String type = type(flat, hint);
            boolean exhausted = depth >= MAX_DEPTH || budget <= 0;
            return switch (type) {
                case "object" -> exhausted ? NODES.objectNode() : object(flat, scope, depth);
                case "array" -> exhausted ? NODES.arrayNode() : array(flat, name, hint, scope, depth);
                case "integer" -> number(flat, hint, scope, true);
                case "number" -> number(flat, hint, scope, false);
                case "boolean" -> NODES.booleanNode(scope.file() >= 0 ? facts.mentions().get(scope.file()) : facts.anyMention());
                case "null" -> NODES.nullNode();
                default -> NODES.textNode(string(flat, name, hint, scope));
            };
        }

        private String type(ObjectNode schema, Hint hint) {
            List<String> types = StructuredSchemas.types(schema.get("type"));
            if (types.isEmpty()) {
                return inferred(schema, hint);
            }
            String preferred = switch (hint) {
                case PATHS, LABELS, STEPS -> "array";
                case LINES, FIRST_LINE, LAST_LINE, COUNT -> "integer";
                case FLAG -> "boolean";
                case NONE -> "";
                default -> "string";
            };
            if (types.contains(preferred)) {
                return preferred;
            }
            if (preferred.equals("integer") && types.contains("number")) {
                return "number";
            }
            return types.stream().filter(type -> !type.equals("null")).findFirst().orElse(types.get(0));
        }

        private static String inferred(ObjectNode schema, Hint hint) {
            if (has(schema, "properties", "required", "additionalProperties", "patternProperties", "minProperties", "maxProperties", "dependentRequired")) {
                return "object";
            }
            if (has(schema, "items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains", "additionalItems")) {
                return "array";
            }
            if (has(schema, "minLength", "maxLength", "pattern", "format")) {
                return "string";
            }
            if (has(schema, "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")) {
                return "number";
            }
            return switch (hint) {
                case PATHS, LABELS, STEPS -> "array";
                case LINES, FIRST_LINE, LAST_LINE, COUNT -> "integer";
                case FLAG -> "boolean";
                default -> "string";
            };
        }

        private static boolean has(ObjectNode schema, String... keywords) {
            for (String keyword : keywords) {
                if (schema.has(keyword)) {
                    return true;
                }
            }
            return false;
        }

        // --- objects

        private JsonNode object(ObjectNode schema, Scope scope, int depth) {
            JsonNode properties = schema.path("properties");
            Set<String> required = new LinkedHashSet<>();
            schema.path("required").forEach(name -> {
                if (name.isTextual()) {
                    required.add(name.textValue());
                }
            });
            List<String> names = new ArrayList<>();
            properties.fields().forEachRemaining(property -> {
                String name = property.getKey();
                boolean forbidden = property.getValue().isBoolean() && !property.getValue().booleanValue();
                if (required.contains(name) || Hint.of(name) != Hint.NONE && !forbidden) {
                    names.add(name);
                }
            });
            required.stream().filter(name -> !names.contains(name)).forEach(names::add);
            addDependencies(schema, names);
            int minProperties = schema.path("minProperties").asInt(0);
            if (names.size() < minProperties) {
                properties.fields().forEachRemaining(property -> {
                    boolean forbidden = property.getValue().isBoolean() && !property.getValue().booleanValue();
                    if (names.size() < minProperties && !names.contains(property.getKey()) && !forbidden) {
                        names.add(property.getKey());
                    }
                });
            }
            JsonNode additional = schema.get("additionalProperties");
            boolean closed = additional != null && additional.isBoolean() && !additional.booleanValue();
            for (int extra = 1; names.size() < Math.min(minProperties, MAX_ITEMS) && !closed; extra++) {
                String name = "note" + extra;
                if (!names.contains(name) && !properties.has(name)) {
                    names.add(name);
                }
            }
            int maxProperties = schema.path("maxProperties").asInt(Integer.MAX_VALUE);
            while (names.size() > Math.max(maxProperties, required.size())) {
                String optional = null;
                for (int i = names.size() - 1; i >= 0 && optional == null; i--) {
                    if (!required.contains(names.get(i))) {
                        optional = names.get(i);
                    }
                }
                if (optional == null) {
                    break;
                }
                names.remove(optional);
            }
            ObjectNode object = NODES.objectNode();
            for (String name : names) {
                object.set(name, value(propertySchema(schema, name), name, scope, depth + 1));
            }
            return object;
        }

        private static void addDependencies(ObjectNode schema, List<String> names) {
            JsonNode dependent = schema.path("dependentRequired");
            for (int i = 0; i < names.size() && i < MAX_ITEMS * 4; i++) {
                dependent.path(names.get(i)).forEach(name -> {
                    if (name.isTextual() && !names.contains(name.textValue())) {
                        names.add(name.textValue());
                    }
                });
            }
        }

        private JsonNode propertySchema(ObjectNode schema, String name) {
            JsonNode declared = schema.path("properties").get(name);
            if (declared != null) {
                return declared;
            }
            JsonNode patternProperties = schema.path("patternProperties");
            for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) patternProperties::fields) {
                if (pattern(entry.getKey()).map(pattern -> pattern.find(name)).orElse(false)) {
                    return entry.getValue();
                }
            }
            JsonNode additional = schema.get("additionalProperties");
            return additional == null || additional.isBoolean() ? NODES.objectNode() : additional;
        }

        // --- arrays

        private JsonNode array(ObjectNode schema, String name, Hint hint, Scope scope, int depth) {
            JsonNode prefix = schema.path("prefixItems");
            JsonNode items = schema.get("items");
            if (items != null && items.isArray()) {
                prefix = items;
                items = schema.get("additionalItems");
            }
            boolean closed = items != null && items.isBoolean() && !items.booleanValue();
            List<Scope> scopes = itemScopes(hint, scope);
            int min = Math.max(0, schema.path("minItems").asInt(0));
            int max = Math.min(MAX_ITEMS, schema.path("maxItems").asInt(Integer.MAX_VALUE));
            if (closed) {
                max = Math.min(max, prefix.size());
            }
            int count = Math.min(Math.max(prefix.isEmpty() ? scopes.size() : prefix.size(), min), max);
            boolean unique = schema.path("uniqueItems").asBoolean(false);
            String itemName = itemName(name, hint);
            ArrayNode array = NODES.arrayNode();
            Set<JsonNode> seen = new LinkedHashSet<>();
            for (int i = 0; array.size() < count && i < count + MAX_ITEMS && budget > 0; i++) {
                JsonNode itemSchema = i < prefix.size() ? prefix.get(i) : items;
                Scope itemScope = i < scopes.size() ? scopes.get(i) : new Scope(-1, i, scope.step());
                JsonNode item = value(itemSchema, itemName, itemScope, depth + 1);
                if (unique && !seen.add(item)) {
                    continue;
                }
                array.add(item);
            }
            return array;
        }

        /** The scopes of an array's items: one per target file for a per-file array, else one about the task. */
        private List<Scope> itemScopes(Hint hint, Scope scope) {
            List<Scope> scopes = new ArrayList<>();
            int files = facts.paths().size();
            if (hint == Hint.LABELS) {
                for (int i = 0; i < facts.kindWords().size(); i++) {
                    scopes.add(new Scope(scope.file(), i, false));
                }
            } else if (scope.file() >= 0) {
                scopes.add(new Scope(scope.file(), 0, scope.step() || hint == Hint.STEPS));
            } else if (files == 0) {
                scopes.add(new Scope(-1, 0, hint == Hint.STEPS));
            } else {
                for (int i = 0; i < Math.min(files, MAX_ITEMS); i++) {
                    scopes.add(new Scope(i, i, hint == Hint.STEPS));
                }
            }
            return scopes;
        }

        private static String itemName(String name, Hint hint) {
            return switch (hint) {
                case PATHS -> "path";
                case LABELS -> "label";
                case STEPS -> "step";
                default -> name;
            };
        }

        // --- choices

        private JsonNode choice(JsonNode options, String name, Scope scope) {
            Hint hint = Hint.of(name);
            if (hint == Hint.LEVEL && facts.level() != Level.UNKNOWN) {
                List<String> wanted = facts.level() == Level.HIGH ? HIGH_LEVELS : LOW_LEVELS;
                for (String level : wanted) {
                    for (JsonNode option : options) {
                        if (option.isTextual() && option.textValue().equalsIgnoreCase(level)) {
                            return option;
                        }
                    }
                }
            }
            List<JsonNode> matching = new ArrayList<>();
            for (JsonNode option : options) {
                if (option.isTextual() && matchesFacts(option.textValue(), scope)) {
                    matching.add(option);
                }
            }
            if (hint == Hint.LABEL && scope.index() >= 0) {
                List<JsonNode> ordered = new ArrayList<>(matching);
                options.forEach(option -> {
                    if (!ordered.contains(option)) {
                        ordered.add(option);
                    }
                });
                return ordered.get(scope.index() % ordered.size());
            }
            return matching.isEmpty() ? options.get(0) : matching.get(0);
        }

        private boolean matchesFacts(String option, Scope scope) {
            String key = option.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            if (key.isEmpty()) {
                return false;
            }
            if (key.equals(facts.kind().replace("-", "")) || facts.kindWords().contains(key) || facts.words().contains(key)) {
                return true;
            }
            String language = language(path(scope));
            return !language.isEmpty() && key.equals(language);
        }

        // --- numbers

        private JsonNode number(ObjectNode schema, Hint hint, Scope scope, boolean integer) {
            int files = facts.paths().size();
            long preferred = switch (hint) {
                case LINES -> scope.file() >= 0 ? facts.lineCounts().get(scope.file()) : facts.totalLines();
                case FIRST_LINE -> 1;
                case LAST_LINE -> Math.max(1, scope.file() >= 0 ? facts.lineCounts().get(scope.file())
                        : facts.lineCounts().isEmpty() ? 1 : facts.lineCounts().get(0));
                case COUNT -> files;
                default -> scope.index() >= 0 ? scope.index() + 1 : Math.max(1, files);
            };
            BigDecimal value = bounded(BigDecimal.valueOf(preferred), schema, integer);
            if (integer || value.stripTrailingZeros().scale() <= 0) {
                BigInteger whole = value.setScale(0, RoundingMode.CEILING).toBigInteger();
                return whole.bitLength() < 63 ? NODES.numberNode(whole.longValue()) : NODES.numberNode(whole);
            }
            return NODES.numberNode(value.stripTrailingZeros());
        }

        private static BigDecimal bounded(BigDecimal preferred, ObjectNode schema, boolean integer) {
            BigDecimal low = decimal(schema.get("minimum"));
            BigDecimal high = decimal(schema.get("maximum"));
            boolean lowExclusive = false;
            boolean highExclusive = false;
            JsonNode exclusiveMinimum = schema.get("exclusiveMinimum");
            JsonNode exclusiveMaximum = schema.get("exclusiveMaximum");
            if (exclusiveMinimum != null && exclusiveMinimum.isNumber()) {
                BigDecimal bound = exclusiveMinimum.decimalValue();
                if (low == null || bound.compareTo(low) >= 0) {
                    low = bound;
                    lowExclusive = true;
                }
            } else if (exclusiveMinimum != null && exclusiveMinimum.asBoolean(false)) {
                lowExclusive = true; // draft-04 form
            }
            if (exclusiveMaximum != null && exclusiveMaximum.isNumber()) {
                BigDecimal bound = exclusiveMaximum.decimalValue();
                if (high == null || bound.compareTo(high) <= 0) {
                    high = bound;
                    highExclusive = true;
                }
            } else if (exclusiveMaximum != null && exclusiveMaximum.asBoolean(false)) {
                highExclusive = true;
            }
            BigDecimal value = preferred;
            if (low != null && (value.compareTo(low) < 0 || lowExclusive && value.compareTo(low) == 0)) {
                value = integer ? (lowExclusive ? floor(low).add(BigDecimal.ONE) : ceiling(low))
                        : lowExclusive ? (high != null ? midpoint(low, high) : low.add(BigDecimal.ONE)) : low;
            }
            if (high != null && (value.compareTo(high) > 0 || highExclusive && value.compareTo(high) == 0)) {
                value = integer ? (highExclusive ? ceiling(high).subtract(BigDecimal.ONE) : floor(high))
                        : highExclusive ? (low != null ? midpoint(low, high) : high.subtract(BigDecimal.ONE)) : high;
            }
            BigDecimal multiple = decimal(schema.get("multipleOf"));
            if (multiple != null && multiple.signum() > 0) {
                BigDecimal up = value.divide(multiple, 0, RoundingMode.CEILING).multiply(multiple);
                BigDecimal down = value.divide(multiple, 0, RoundingMode.FLOOR).multiply(multiple);
                boolean upFits = high == null || up.compareTo(high) < 0 || !highExclusive && up.compareTo(high) == 0;
                value = upFits ? up : down;
            }
            return value;
        }

        private static BigDecimal decimal(JsonNode node) {
            return node != null && node.isNumber() ? node.decimalValue() : null;
        }

        private static BigDecimal floor(BigDecimal value) {
            return value.setScale(0, RoundingMode.FLOOR);
        }

        private static BigDecimal ceiling(BigDecimal value) {
            return value.setScale(0, RoundingMode.CEILING);
        }

        private static BigDecimal midpoint(BigDecimal low, BigDecimal high) {
            return low.add(high).divide(BigDecimal.valueOf(2));
        }

        // --- strings

        private String string(ObjectNode schema, String name, Hint hint, Scope scope) {
            String preferred = formatted(schema.path("format").asText(""), hint, scope);
            if (preferred == null) {
                preferred = text(name, hint, scope);
            }
            int min = Math.max(0, schema.path("minLength").asInt(0));
            int max = Math.max(0, schema.path("maxLength").asInt(Integer.MAX_VALUE));
            JsonNode regex = schema.get("pattern");
            if (regex != null && regex.isTextual()) {
                Optional<DocumentPattern> pattern = pattern(regex.textValue());
                if (pattern.isPresent()) {
                    for (String candidate : candidates(preferred, name, scope)) {
                        int length = candidate.codePointCount(0, candidate.length());
                        if (length >= min && length <= max && pattern.get().find(candidate)) {
                            return candidate;
                        }
                    }
                }
            }
            return fitted(preferred, min, max);
        }

        /** The value of a property by its name. */
        private String text(String name, Hint hint, Scope scope) {
            return switch (hint) {
                case SENTENCE -> scope.step() ? step(scope) : sentence(scope);
                case TITLE -> scope.step() ? step(scope) : "Emulated " + facts.kind() + ": " + facts.firstLine();
                case PATH, PATHS -> path(scope).isEmpty() ? generic(name, scope) : path(scope);
                case STEP, STEPS -> step(scope);
                case LEVEL -> switch (facts.level()) {
                    case HIGH -> "high";
                    case LOW -> "low";
                    default -> "medium";
                };
                case LABEL, LABELS -> label(scope);
                case ID -> facts.jobId();
                case KIND -> facts.kind();
                case LANGUAGE -> language(path(scope)).isEmpty() ? "text" : language(path(scope));
                default -> generic(name, scope);
            };
        }

        private String sentence(Scope scope) {
            String subject = scope.file() >= 0 ? facts.paths().get(scope.file()) : files();
            return "Emulated " + facts.kind() + " answer" + (subject.isEmpty() ? "" : " for " + subject) + ": " + facts.firstLine();
        }

        private String step(Scope scope) {
            String path = path(scope);
            return (path.isEmpty() ? "Apply" : "Update " + path) + ": " + facts.firstLine();
        }

        private String files() {
            List<String> paths = facts.paths();
            if (paths.size() <= 3) {
                return String.join(", ", paths);
            }
            return String.join(", ", paths.subList(0, 3)) + " and " + (paths.size() - 3) + " more";
        }

        private String label(Scope scope) {
            List<String> labels = new ArrayList<>(facts.kindWords());
            labels.add("emulated");
            facts.words().stream().filter(word -> !labels.contains(word)).forEach(labels::add);
            return labels.get(Math.max(0, scope.index()) % labels.size());
        }

        /** The target path a value is about: its item's file, else the first; empty when the task has none. */
        private String path(Scope scope) {
            List<String> paths = facts.paths();
            if (scope.file() >= 0) {
                return paths.get(scope.file());
            }
            return paths.isEmpty() ? "" : paths.get(0);
        }

        private String generic(String name, Scope scope) {
            String words = words(name.isEmpty() ? "value" : name);
            String about = scope.file() >= 0 ? facts.paths().get(scope.file()) : "job " + facts.shortId();
            String numbered = scope.file() < 0 && scope.index() > 0 ? " #" + (scope.index() + 1) : "";
            return "emulated " + words + " for " + about + numbered;
        }

        private static String words(String name) {
            String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("[_\\-.]+", " ").strip();
            return StructuredFacts.bounded(spaced.toLowerCase(Locale.ROOT), 40);
        }

        private List<String> candidates(String preferred, String name, Scope scope) {
            Set<String> candidates = new LinkedHashSet<>();
            candidates.add(preferred);
            candidates.add(path(scope));
            if (scope.file() < 0) {
                // an item about one file must not borrow another file's path
                candidates.addAll(facts.paths());
            }
            candidates.add(facts.kind());
            candidates.add(facts.kind().toUpperCase(Locale.ROOT).replace('-', '_'));
            candidates.addAll(facts.kindWords());
            candidates.add(facts.jobId());
            candidates.add(facts.firstLine());
            candidates.add(sentence(scope));
            candidates.add(step(scope));
            candidates.addAll(facts.words());
            candidates.add(name);
            candidates.add(words(name).replace(' ', '-'));
            candidates.add("emulated");
            candidates.remove("");
            return new ArrayList<>(candidates);
        }

        /** A string of the format's simple, fixed shape; null for no format or one without a generator here. */
        private String formatted(String format, Hint hint, Scope scope) {
            return switch (format) {
                case "date-time" -> "1970-01-01T00:00:00Z";
                case "date" -> "1970-01-01";
                case "time" -> "00:00:00Z";
                case "duration" -> "PT0S";
                case "uri", "iri" -> "https://patchlane.invalid/jobs/" + URLEncoder.encode(facts.jobId(), StandardCharsets.UTF_8);
                case "uri-reference", "iri-reference" -> (hint == Hint.PATH || hint == Hint.PATHS) && !path(scope).isEmpty()
                        ? URLEncoder.encode(path(scope), StandardCharsets.UTF_8).replace("%2F", "/")
                        : "https://patchlane.invalid/jobs/" + URLEncoder.encode(facts.jobId(), StandardCharsets.UTF_8);
                case "email", "idn-email" -> "emulator@example.com";
                case "uuid" -> uuid();
                case "hostname", "idn-hostname" -> "example.com";
                case "ipv4" -> "192.0.2.1";
                case "ipv6" -> "2001:db8::1";
                default -> null;
            };
        }

        private String uuid() {
            try {
                return UUID.fromString(facts.jobId()).toString();
            } catch (IllegalArgumentException e) {
                return UUID.nameUUIDFromBytes(facts.jobId().getBytes(StandardCharsets.UTF_8)).toString();
            }
        }

        /** {@code text} padded or cut to the length bounds (in code points, as JSON Schema counts). */
        private String fitted(String text, int min, int max) {
            String fitted = text;
            int wanted = Math.min(min, MAX_STRING);
            if (fitted.codePointCount(0, fitted.length()) < wanted) {
                StringBuilder padded = new StringBuilder(fitted);
                String filler = " (emulated for job " + facts.jobId() + ")";
                while (padded.length() < wanted) {
                    padded.append(filler);
                }
                fitted = padded.toString();
                fitted = fitted.substring(0, fitted.offsetByCodePoints(0, wanted));
            }
            if (fitted.codePointCount(0, fitted.length()) > max) {
                String shortened = StructuredFacts.bounded(fitted, max);
                fitted = shortened.codePointCount(0, shortened.length()) >= min ? shortened : fitted.substring(0, fitted.offsetByCodePoints(0, max));
            }
            return fitted;
        }

        private Optional<DocumentPattern> pattern(String regex) {
            return patterns.computeIfAbsent(regex, key -> {
                try {
                    return Optional.of(DocumentPattern.compile(key));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            });
        }

        private static String language(String path) {
            int dot = path.lastIndexOf('.');
            if (dot < 0 || dot < path.lastIndexOf('/')) {
                return "";
            }
            return switch (path.substring(dot + 1).toLowerCase(Locale.ROOT)) {
                case "java" -> "java";
                case "kt", "kts" -> "kotlin";
                case "py" -> "python";
                case "js", "mjs", "cjs" -> "javascript";
                case "ts", "tsx" -> "typescript";
                case "go" -> "go";
                case "rs" -> "rust";
                case "rb" -> "ruby";
                case "c", "h" -> "c";
                case "cc", "cpp", "hpp" -> "cpp";
                case "cs" -> "csharp";
                case "md" -> "markdown";
                case "yml", "yaml" -> "yaml";
                case "json" -> "json";
                case "xml" -> "xml";
                case "sh" -> "shell";
                default -> "";
            };
        }
    }
}
