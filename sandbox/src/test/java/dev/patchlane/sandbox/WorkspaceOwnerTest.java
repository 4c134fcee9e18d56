package dev.patchlane.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceOwnerTest {

    @TempDir
    Path workspace;

    @TempDir
    Path outside;

    @BeforeEach
    void needsRoot() {
        assumeTrue(HostUser.isRoot(), "changing owners needs root");
    }

    @Test
    void handsTheTreeToTheSandboxUidWithoutFollowingLinksOut() throws IOException {
        Path hostFile = Files.writeString(outside.resolve("host.txt"), "host");
        Files.createDirectories(workspace.resolve("src/main"));
        Path source = Files.writeString(workspace.resolve("src/main/A.java"), "class A {}");
        Path link = Files.createSymbolicLink(workspace.resolve("link"), hostFile);
        Path hardLink = Files.createLink(workspace.resolve("hard"), hostFile);

        WorkspaceOwner.handOver(workspace, 65534, 65534);

        assertEquals(65534, uid(workspace));
        assertEquals(65534, uid(workspace.resolve("src/main")));
        assertEquals(65534, uid(source));
        assertEquals(65534, uid(link));
        assertEquals(0, uid(hostFile));
        assertEquals(0, uid(hardLink));
        Files.delete(link);
    }

    private static int uid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }
}
