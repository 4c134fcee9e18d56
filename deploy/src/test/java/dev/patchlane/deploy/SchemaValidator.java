package dev.patchlane.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Validates resources with {@code deploy/validate/validate.mjs}: the Kubernetes OpenAPI and the Strimzi and KEDA CRD
 * schemas as packaged by kubernetes-models (installed by {@code npm ci} in this module's build), plus unknown fields.
 */
final class SchemaValidator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 120;

    private SchemaValidator() {
    }

    /** The errors of each resource, by its source; an empty list means valid. */
    static Map<String, List<String>> validate(List<Manifest> manifests) throws IOException, InterruptedException {
        Path dir = Manifests.root().resolve("deploy/validate");
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("node"),
                "Node.js is not installed: the manifests are not validated against the Kubernetes, Strimzi and KEDA schemas");
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            throw new IllegalStateException(dir + "/node_modules is missing: the build runs `npm ci` there (needs Node.js and npm)");
        }
        ArrayNode input = JSON.createArrayNode();
        for (Manifest manifest : manifests) {
            ObjectNode entry = input.addObject();
            entry.put("source", manifest.source());
            entry.set("resource", manifest.resource());
        }
        Process node = new ProcessBuilder("node", "validate.mjs").directory(dir.toFile()).redirectErrorStream(false).start();
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(node, false));
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(node, true));
        try (OutputStream in = node.getOutputStream()) {
            in.write(JSON.writeValueAsBytes(input));
        }
        if (!node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            throw new IllegalStateException("validate.mjs did not finish within " + TIMEOUT_SECONDS + " s");
        }
        String out = new String(stdout.join(), StandardCharsets.UTF_8);
        if (node.exitValue() != 0) {
            throw new IllegalStateException("validate.mjs exited " + node.exitValue() + ": "
                    + new String(stderr.join(), StandardCharsets.UTF_8) + out);
        }
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode result : JSON.readTree(out)) {
            List<String> messages = new ArrayList<>();
            result.path("errors").forEach(message -> messages.add(message.asText()));
            errors.put(result.path("source").asText(), messages);
        }
        if (errors.size() != manifests.size()) {
            throw new IllegalStateException("validate.mjs answered for " + errors.size() + " of " + manifests.size() + " resources");
        }
        return errors;
    }

    /** The errors of one resource. */
    static List<String> errorsOf(Manifest manifest) throws IOException, InterruptedException {
        return validate(List.of(manifest)).get(manifest.source());
    }

    private static byte[] readAll(Process process, boolean error) {
        try {
            return (error ? process.getErrorStream() : process.getInputStream()).readAllBytes();
        } catch (IOException e) {
            return ("(unreadable: " + e + ")").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }
}
