package dev.patchlane.ingest.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.codebase.Snapshot;
import dev.patchlane.contracts.MigrationManifest.Granularity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileGroupsTest {

    private static final List<String> JAVA = List.of(
            "A.java", "Z.java",
            "lib/K.java",
            "src/main/java/com/ex/B.java", "src/main/java/com/ex/C.java", "src/main/java/com/ex/D.java", "src/main/java/com/ex/E.java",
            "src/main/java/com/ex/F.java",
            "src/main/java/com/ex/sub/G.java", "src/main/java/com/ex/sub/H.java", "src/main/java/com/ex/sub/I.java",
            "src/main/java/com/ex/sub/deeper/J.java", "src/main/java/com/ex/sub/deeper/M.java",
            "src/test/java/com/ex/BTest.java", "src/test/java/com/ex/CTest.java", "src/test/java/com/ex/DTest.java");
    private static final List<String> OTHER = List.of("README.md", "pom.xml", "build.sh", "src/main/java/com/ex/Util.kt",
            "src/main/resources/app.properties", "src/main/resources/logback.xml", "src/generated/Gen1.java", "src/generated/Gen2.java",
            "docs/a.md", "docs/b.md", "docs/c.md", "scripts/deploy.sh", "scripts/tool.py");
    private static final FileGlobs GLOBS = new FileGlobs(List.of("**/*.java"), List.of("**/generated/**"));

    @TempDir
    Path work;

    @TempDir
    Path mirrors;

    private RepositoryCache cache;
    private Snapshot snapshot;

    @BeforeEach
    void repository() throws Exception {
        GitFixture fixture = new GitFixture(work);
        for (String path : JAVA) {
            fixture.file(path);
        }
        for (String path : OTHER) {
            fixture.file(path);
        }
        fixture.binary("docs/img/logo.png").symlink("Link.java", "A.java").symlink("lib/Alias.java", "K.java");
        cache = new RepositoryCache(mirrors, Duration.ofMinutes(5));
        snapshot = cache.snapshot(fixture.commit(), "HEAD");
    }

    @AfterEach
    void close() {
        cache.close();
    }

    private List<List<String>> groups(Granularity granularity) {
        List<List<String>> groups = new ArrayList<>();
        FileGroups.forEach(snapshot, GLOBS, granularity, groups::add);
        return groups;
    }

    private static List<String> flat(List<List<String>> groups) {
        return groups.stream().flatMap(List::stream).toList();
    }

    @Test
    void oneGroupPerFile() {
        List<List<String>> groups = groups(new Granularity(Granularity.Unit.FILE, null));
        assertTrue(groups.stream().allMatch(g -> g.size() == 1), groups::toString);
        assertEquals(Set.copyOf(JAVA), Set.copyOf(flat(groups)));
        assertEquals(JAVA.size(), groups.size());
    }

    @Test
    void groupsOfFourWithAPartialLast() {
        List<List<String>> groups = groups(new Granularity(Granularity.Unit.FILES, 4));
        assertEquals(4, groups.size());
        assertTrue(groups.subList(0, 3).stream().allMatch(g -> g.size() == 4), groups::toString);
        assertEquals(JAVA.size() % 4 == 0 ? 4 : JAVA.size() % 4, groups.get(3).size());
        List<String> files = flat(groups);
        assertEquals(files.size(), new HashSet<>(files).size(), "no file twice");
        assertEquals(Set.copyOf(JAVA), Set.copyOf(files));
    }

    @Test
    void orderIsStableAndTheSameForEveryGrouping() {
        List<String> byFile = flat(groups(new Granularity(Granularity.Unit.FILE, null)));
        assertEquals(byFile, flat(groups(new Granularity(Granularity.Unit.FILES, 4))));
        assertEquals(byFile, flat(groups(new Granularity(Granularity.Unit.FILES, 3))));
        assertEquals(byFile, flat(groups(new Granularity(Granularity.Unit.FILE, null))));
        assertEquals(List.of("A.java", "Z.java"), byFile.subList(0, 2));
    }

    @Test
    void filesWithoutASizeComeInTens() {
        List<List<String>> groups = groups(new Granularity(Granularity.Unit.FILES, null));
        assertEquals(List.of(10, JAVA.size() - 10), groups.stream().map(List::size).toList());
    }

    @Test
    void oneGroupPerDirectoryWithOnlyItsOwnFiles() {
        List<List<String>> groups = groups(new Granularity(Granularity.Unit.DIRECTORY, null));
        Set<String> expectedDirectories = JAVA.stream().map(FileGroupsTest::parent).collect(Collectors.toSet());
        List<String> directories = groups.stream().map(g -> parent(g.get(0))).toList();
        assertEquals(expectedDirectories.size(), directories.size(), groups::toString);
        assertEquals(expectedDirectories, Set.copyOf(directories));
        for (List<String> group : groups) {
            String directory = parent(group.get(0));
            assertTrue(group.stream().allMatch(f -> parent(f).equals(directory)), group::toString);
            assertEquals(JAVA.stream().filter(f -> parent(f).equals(directory)).collect(Collectors.toSet()), Set.copyOf(group));
        }
    }

    @Test
    void symlinksAndExcludedFilesAreLeftOut() throws Exception {
        try (Git git = Git.open(work.toFile()); RevWalk walk = new RevWalk(git.getRepository());
                TreeWalk link = TreeWalk.forPath(git.getRepository(), "Link.java",
                        walk.parseCommit(git.getRepository().resolve("HEAD")).getTree())) {
            assertEquals(FileMode.SYMLINK, link.getFileMode(0), "the fixture must hold a real symlink");
        }
        List<String> files = flat(groups(new Granularity(Granularity.Unit.FILE, null)));
        assertFalse(files.contains("Link.java"));
        assertFalse(files.contains("lib/Alias.java"));
        assertFalse(files.stream().anyMatch(f -> f.contains("generated")));
    }

    @Test
    void withoutGlobsEveryRegularFileIsListed() {
        List<String> all = new ArrayList<>();
        FileGroups.forEach(snapshot, new FileGlobs(List.of(), List.of()), new Granularity(Granularity.Unit.FILES, 200), all::addAll);
        Set<String> expected = new HashSet<>(JAVA);
        expected.addAll(OTHER);
        expected.add("docs/img/logo.png");
        assertEquals(expected, Set.copyOf(all));
        assertEquals(expected.size(), all.size());
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
