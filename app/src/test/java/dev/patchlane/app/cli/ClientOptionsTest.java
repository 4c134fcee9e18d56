package dev.patchlane.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client commands' small decisions that need no service: the default URL, the manifest's content type, cells. */
class ClientOptionsTest {

    @Test
    void theUrlComesFromPatchlaneUrlElseTheHttpPort() {
        assertEquals("http://svc:9000", ServiceOptions.defaultUrl(Map.of("PATCHLANE_URL", "http://svc:9000", "PATCHLANE_HTTP_PORT", "1")));
        assertEquals("http://localhost:9090", ServiceOptions.defaultUrl(Map.of("PATCHLANE_HTTP_PORT", "9090")));
        assertEquals("http://localhost:8080", ServiceOptions.defaultUrl(Map.of()));
    }

    @Test
    void theTokenComesFromPatchlaneTokenWhenNotGiven() {
        assertEquals(java.util.Optional.of("pl_x"), ServiceOptions.defaultToken(Map.of("PATCHLANE_TOKEN", " pl_x\n")));
        assertEquals(java.util.Optional.empty(), ServiceOptions.defaultToken(Map.of("PATCHLANE_TOKEN", " ")));
        assertEquals(java.util.Optional.empty(), ServiceOptions.defaultToken(Map.of()));
    }

    @Test
    void aManifestIsSentAsYamlOnlyForYamlExtensions() {
        assertEquals("application/yaml", MigrateCommand.contentType(Path.of("m.yaml")));
        assertEquals("application/yaml", MigrateCommand.contentType(Path.of("dir/M.YML")));
        assertEquals("application/json", MigrateCommand.contentType(Path.of("m.json")));
        assertEquals("application/json", MigrateCommand.contentType(Path.of("manifest")));
    }

    @Test
    void cellsAreOneLineAndTruncated() {
        assertEquals("a b", TablePrinter.truncate("a\n  b", 10));
        assertEquals("abcdefg...", TablePrinter.truncate("abcdefghijklmnop", 10));
        assertEquals("-", TablePrinter.truncate(null, 10));
    }
}
