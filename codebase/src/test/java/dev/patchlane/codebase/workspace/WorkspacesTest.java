package dev.patchlane.codebase.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkspacesTest {

    @TempDir
    Path tmp;

    @Test
    void aWorkspaceIsALockedDirectoryThatCloseRemovesWithItsLock() throws Exception {
        Workspaces workspaces = new Workspaces(tmp.resolve("workspaces"));
        Workspace workspace = workspaces.create("job-42");
        Path directory = workspace.directory();
        assertTrue(Files.isDirectory(directory));
        assertTrue(directory.getFileName().toString().matches("job-42-[0-9a-f]{16}"), directory.toString());
        assertTrue(Files.exists(directory.resolveSibling(directory.getFileName() + ".lock")));
        Files.createDirectories(directory.resolve("a/b"));
        Files.writeString(directory.resolve("a/b/c.txt"), "c");
        workspace.close();
        workspace.close();
        assertFalse(workspace.isOpen());
        assertEquals(List.of(), entries(workspaces.root()));
    }

    @ParameterizedTest
    @CsvSource({"'../../evil name', evil-name", "'', workspace", "'.hidden', hidden", "'a/b\\c', a-b-c"})
    void labelsCannotMakeAPathOfTheirOwn(String label, String prefix) throws Exception {
        Workspaces workspaces = new Workspaces(tmp.resolve("workspaces"));
        try (Workspace workspace = workspaces.create(label)) {
            assertEquals(workspaces.root(), workspace.directory().getParent());
            assertTrue(workspace.directory().getFileName().toString().startsWith(prefix + "-"), workspace.directory().toString());
        }
    }

    @Test
    void closeDeletesReadOnlyDirectoriesAndNeverFollowsASymlinkOut() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "keep");
        Workspaces workspaces = new Workspaces(tmp.resolve("workspaces"));
        Workspace workspace = workspaces.create("links");
        Files.createSymbolicLink(workspace.directory().resolve("out"), outside);
        Path locked = Files.createDirectories(workspace.directory().resolve("locked"));
        Files.writeString(locked.resolve("f.txt"), "f");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
        workspace.close();
        assertEquals("keep", Files.readString(outside.resolve("keep.txt")));
        assertEquals(List.of(), entries(workspaces.root()));
    }

    @Test
    void cleanStaleRemovesOnlyWhatNoLiveProcessHolds() throws Exception {
        Workspaces workspaces = new Workspaces(tmp.resolve("workspaces"));
        Path orphan = Files.createDirectories(workspaces.root().resolve("orphan-0123456789abcdef/sub"));
        Files.writeString(workspaces.root().resolve("gone-fedcba9876543210.lock"), "");
        Path unrelated = Files.createDirectories(workspaces.root().resolve("not-a-workspace"));
        try (Workspace own = workspaces.create("own")) {
            assertEquals(1, workspaces.cleanStale());
            assertFalse(Files.exists(orphan.getParent()));
            assertFalse(Files.exists(workspaces.root().resolve("gone-fedcba9876543210.lock")));
            assertTrue(Files.isDirectory(unrelated));
            assertTrue(Files.isDirectory(own.directory()));
            assertEquals(0, new Workspaces(workspaces.root()).cleanStale(), "a second instance in this JVM sees the lock held");
        }
    }

    @Test
    void cleanStaleRemovesTheWorkspaceOfAKilledProcessAndLeavesLiveOnesAlone() throws Exception {
        Workspaces workspaces = new Workspaces(tmp.resolve("workspaces"));
        Process child = start("hold", workspaces.root());
        try (Workspace own = workspaces.create("own")) {
            Path held = Path.of(firstLine(child));
            assertTrue(Files.exists(held.resolve("file.txt")));

            assertEquals(0, workspaces.cleanStale(), "the child is alive and this process holds its own");
            assertTrue(Files.isDirectory(held));
            // Our cleanStale must not have dropped our own lock: another process must still see it held.
            Process cleaner = start("clean", workspaces.root());
            assertEquals("0", firstLine(cleaner));
            assertTrue(cleaner.waitFor(60, TimeUnit.SECONDS));
            assertTrue(Files.isDirectory(held));
            assertTrue(Files.isDirectory(own.directory()));

            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, workspaces.cleanStale());
            assertFalse(Files.exists(held));
            assertFalse(Files.exists(held.resolveSibling(held.getFileName() + ".lock")));
            assertTrue(Files.isDirectory(own.directory()));
            assertEquals(List.of(own.directory().getFileName().toString(), own.directory().getFileName() + ".lock"),
                    entries(workspaces.root()));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(List.of(), entries(workspaces.root()));
    }

    private Process start(String command, Path root) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WorkspaceHolder.class.getName(), command,
                root.toString())
                .redirectError(tmp.resolve(command + ".err").toFile())
                .start();
    }

    private String firstLine(Process process) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String read = line.get(120, TimeUnit.SECONDS);
        if (read == null) {
            throw new AssertionError("the child JVM printed nothing: " + Files.readString(tmp.resolve("hold.err")));
        }
        return read;
    }

    private static List<String> entries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }
}
