package dev.patchlane.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image tarball the {@code image} profile writes (app/target/jib-image.tar, a {@code docker save} archive): its
 * manifest and config (entrypoint, ports, user), every layer's digest against the config's diff_ids, and the layers'
 * contents (the JVM of the base, the Quarkus fast-jar of the app). Skipped, saying so, when the image was not built.
 */
class ImageTarballTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path tarball;
    private static JsonNode manifest;
    private static JsonNode config;
    private static final Map<String, String> DIFF_ID_OF_LAYER = new HashMap<>();
    private static final Map<String, Set<String>> FILES_OF_LAYER = new HashMap<>();

    @BeforeAll
    static void readImage() throws IOException {
        String property = System.getProperty("patchlane.image.tar");
        tarball = property == null ? null : Path.of(property);
        Assumptions.assumeTrue(tarball != null && Files.isRegularFile(tarball),
                "no image tarball at " + tarball + ": build it with ./mvnw -pl deploy -am package -Pimage (deploy/README.md)");
        Map<String, byte[]> small = new HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tarball))) {
            TarReader.read(in, (name, type, size, content) -> {
                if (type != '0') {
                    return;
                }
                if (name.endsWith(".json")) {
                    small.put(name, content.readAllBytes());
                } else {
                    readLayer(name, content);
                }
            });
        }
        manifest = JSON.readTree(small.get("manifest.json"));
        assertEquals(1, manifest.size(), "one image in the tarball");
        config = JSON.readTree(small.get(manifest.get(0).path("Config").asText()));
    }

    @Test
    void manifestNamesTheImageAndItsLayers() {
        JsonNode image = manifest.get(0);
        assertEquals("patchlane/patchlane:" + System.getProperty("patchlane.version", "0.1.0-SNAPSHOT"),
                image.path("RepoTags").get(0).asText());
        List<String> diffIds = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(id -> diffIds.add(id.asText()));
        List<String> layerDiffIds = new ArrayList<>();
        image.path("Layers").forEach(layer -> layerDiffIds.add(DIFF_ID_OF_LAYER.get(layer.asText())));
        assertEquals(diffIds, layerDiffIds, "each layer's uncompressed sha256 is its diff_id, in order");
        assertTrue(diffIds.size() >= 5, "base, libraries, quarkus-run.jar, quarkus and app layers: " + diffIds.size());
    }

    @Test
    void configRunsTheServiceAsTheNonRootUser() {
        JsonNode container = config.path("config");
        List<String> entrypoint = new ArrayList<>();
        container.path("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
        assertEquals("java", entrypoint.get(0));
        assertEquals(List.of("-jar", "/work/quarkus-run.jar", "serve"), entrypoint.subList(entrypoint.size() - 3, entrypoint.size()));
        assertTrue(container.path("ExposedPorts").has("8080/tcp"), "the HTTP port");
        assertTrue(container.path("ExposedPorts").has("8000/tcp"), "the emulator's port");
        assertEquals("185", container.path("User").asText());
        assertEquals("linux", config.path("os").asText());
        Set<String> env = new HashSet<>();
        container.path("Env").forEach(e -> env.add(e.asText()));
        assertTrue(env.contains("PATCHLANE_DATA_DIR=/var/lib/patchlane"), env.toString());
        assertTrue(env.stream().anyMatch(e -> e.startsWith("PATH=") && e.contains("/opt/java/bin")) || !isLocalBase(), env.toString());
    }

    @Test
    void layersHoldTheJvmAndTheFastJar() {
        Set<String> files = new HashSet<>();
        FILES_OF_LAYER.values().forEach(files::addAll);
        assertTrue(files.contains("work/quarkus-run.jar"), "the fast-jar launcher");
        assertTrue(files.stream().anyMatch(f -> f.matches("work/app/app-.*\\.jar")), "the application's classes");
        assertTrue(files.stream().anyMatch(f -> f.startsWith("work/lib/main/") && f.contains("kafka-clients")), "the Kafka client");
        assertTrue(files.stream().anyMatch(f -> f.startsWith("work/quarkus/")), "Quarkus' generated classes");
        if (isLocalBase()) {
            assertTrue(files.contains("opt/java/bin/java"), "the jlink runtime");
            assertTrue(files.contains("lib64/ld-linux-x86-64.so.2") || files.contains("lib/ld-linux-aarch64.so.1"), "the loader");
            assertTrue(files.contains("etc/passwd"), "user 185 has a passwd entry");
        }
    }

    private static boolean isLocalBase() {
        return config.path("history").get(0).path("created_by").asText().contains("build-base-image.sh");
    }

    private static void readLayer(String name, InputStream compressed) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Set<String> files = new HashSet<>();
        InputStream raw = name.endsWith(".gz") ? new GZIPInputStream(compressed, 1 << 16) : compressed;
        try (InputStream layer = new DigestInputStream(raw, sha256)) {
            TarReader.read(layer, (file, type, size, content) -> files.add(file.startsWith("./") ? file.substring(2) : file));
            layer.transferTo(OutputStream.nullOutputStream());
        }
        DIFF_ID_OF_LAYER.put(name, "sha256:" + HexFormat.of().formatHex(sha256.digest()));
        FILES_OF_LAYER.put(name, files);
    }
}
