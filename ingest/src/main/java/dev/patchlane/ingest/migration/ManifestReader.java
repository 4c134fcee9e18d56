package dev.patchlane.ingest.migration;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.MigrationManifest;
import dev.patchlane.contracts.SchemaValidator;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/** Reads a migration manifest from JSON or YAML and checks it against its schema. */
public final class ManifestReader {

    /** Why a manifest was refused: the HTTP status, the error and each offending field. */
    public static final class Refusal extends RuntimeException {

        private final int status;
        private final List<String> violations;

        Refusal(int status, String message, List<String> violations) {
            super(message);
            this.status = status;
            this.violations = List.copyOf(violations);
        }

        public int status() {
            return status;
        }

        public List<String> violations() {
            return violations;
        }
    }

    private static final int MAX_YAML_ALIASES = 20;
    private static final int MAX_NESTING = 20;

    private final int maxBytes;
    private final LoaderOptions yamlLimits;

    public ManifestReader(int maxBytes) {
        this.maxBytes = maxBytes;
        LoaderOptions options = new LoaderOptions();
        // Alias expansion ("billion laughs"), deep nesting and huge documents are refused by the parser itself.
        options.setMaxAliasesForCollections(MAX_YAML_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(maxBytes);
        options.setAllowDuplicateKeys(false);
        this.yamlLimits = options;
    }

    public MigrationManifest read(String contentType, byte[] body) {
        if (body.length > maxBytes) {
            throw new Refusal(413, "manifest of " + body.length + " bytes exceeds the limit of " + maxBytes, List.of());
        }
        if (body.length == 0) {
            throw new Refusal(400, "the manifest is empty", List.of());
        }
        JsonNode tree;
        try {
            tree = isYaml(contentType, body) ? readYaml(body)
                    : Json.mapper().reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(body);
        } catch (Refusal e) {
            throw e;
        } catch (YAMLException e) {
            throw new Refusal(400, "malformed manifest: " + firstLine(e.getMessage()), List.of());
        } catch (JacksonException e) {
            throw new Refusal(400, "malformed manifest: " + e.getOriginalMessage(), List.of());
        } catch (IOException | RuntimeException e) {
            throw new Refusal(400, "unreadable manifest: " + e.getMessage(), List.of());
        }
        if (tree == null || !tree.isObject()) {
            throw new Refusal(400, "the manifest must be an object", List.of());
        }
        // YAML spells numbers JSON cannot (.nan, .inf); the schema validator cannot compare NaN, so they are refused first.
        List<String> nonFinite = new java.util.ArrayList<>();
        nonFinite(tree, "$", nonFinite);
        if (!nonFinite.isEmpty()) {
            throw new Refusal(400, "invalid manifest", nonFinite);
        }
        List<String> violations = SchemaValidator.instance().violations(ContractSchema.MIGRATION_MANIFEST, tree);
        if (!violations.isEmpty()) {
            throw new Refusal(400, "invalid manifest", violations);
        }
        MigrationManifest manifest;
        try {
            manifest = Json.mapper().treeToValue(tree, MigrationManifest.class);
        } catch (JacksonException e) {
            throw new Refusal(400, "invalid manifest: " + e.getOriginalMessage(), List.of());
        }
        try {
            new FileGlobs(manifest.include(), manifest.exclude());
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "invalid manifest", List.of("/include or /exclude: not a glob: " + e.getMessage()));
        }
        return manifest;
    }

    /**
     * Manifests need no anchors or aliases, and refusing them rules out alias bombs and self-referencing documents; the
     * safe constructor then builds only plain maps, lists and scalars.
     */
    private JsonNode readYaml(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        for (Event event : new Yaml(new SafeConstructor(yamlLimits)).parse(new StringReader(text))) {
            if (event instanceof AliasEvent || event instanceof NodeEvent node && node.getAnchor() != null) {
                throw new Refusal(400, "YAML anchors and aliases are not accepted in a manifest", List.of());
            }
        }
        Object document = new Yaml(new SafeConstructor(yamlLimits)).load(text);
        return Json.mapper().valueToTree(document);
    }

    private static void nonFinite(JsonNode node, String path, List<String> found) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            found.add(path + ": " + node.doubleValue() + " is not a finite number");
        } else if (node.isObject()) {
            node.properties().forEach(e -> nonFinite(e.getValue(), path + "." + e.getKey(), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nonFinite(node.get(i), path + "[" + i + "]", found);
            }
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable YAML" : message.lines().findFirst().orElse(message);
    }

    private static boolean isYaml(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("yaml")) {
            return true;
        }
        if (type.contains("json")) {
            return false;
        }
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b != '{';
            }
        }
        return false;
    }
}
