package dev.patchlane.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the repository's deployment files: every YAML document under {@code deploy/kubernetes}, and the compose file. */
final class Manifests {

    static final YAMLMapper YAML = new YAMLMapper();

    private Manifests() {
    }

    static Path root() {
        String root = System.getProperty("patchlane.root");
        return root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
    }

    static Path kubernetesDir() {
        return root().resolve("deploy/kubernetes");
    }

    static List<Manifest> kubernetes() {
        List<Manifest> manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(kubernetesDir())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                manifests.addAll(read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return manifests;
    }

    static List<Manifest> read(Path file) {
        List<Manifest> manifests = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile());
                MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
            int index = 0;
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    manifests.add(new Manifest(file.getFileName() + "#" + index, document));
                }
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return manifests;
    }

    /** The compose file with its anchors and merge keys resolved (SnakeYAML does; Jackson's YAML parser does not). */
    static JsonNode compose() {
        try (Reader reader = Files.newBufferedReader(root().resolve("deploy/compose.yaml"))) {
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return YAML.valueToTree(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Manifest> ofKind(List<Manifest> manifests, String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
    }
}
