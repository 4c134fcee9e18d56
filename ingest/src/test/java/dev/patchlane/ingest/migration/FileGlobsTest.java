package dev.patchlane.ingest.migration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileGlobsTest {

    private final FileGlobs java = new FileGlobs(List.of("**/*.java"), List.of("**/generated/**", "legacy/*"));

    @ParameterizedTest
    @ValueSource(strings = {"A.java", "src/A.java", "src/main/java/com/ex/A.java", "legacy/sub/A.java"})
    void includedJavaFiles(String path) {
        assertTrue(java.matches(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "src/A.kt", "A.javax", "src/generated/G.java", "a/b/generated/c/G.java", "generated/G.java",
            "legacy/A.java"})
    void excludedOrNotIncluded(String path) {
        assertFalse(java.matches(path));
    }

    @Test
    void noIncludeMeansEverything() {
        FileGlobs all = new FileGlobs(List.of(), List.of("*.md"));
        assertTrue(all.matches("src/x.bin"));
        assertTrue(all.matches("docs/a.md"));
        assertFalse(all.matches("README.md"));
    }

    @Test
    void severalIncludesAreAlternatives() {
        FileGlobs globs = new FileGlobs(List.of("src/**", "*.xml"), List.of());
        assertTrue(globs.matches("src/a/b.c"));
        assertTrue(globs.matches("pom.xml"));
        assertFalse(globs.matches("docs/pom.xml"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "{a,{b}}", "[z-a]"})
    void invalidGlobIsRefused(String glob) {
        assertThrows(IllegalArgumentException.class, () -> new FileGlobs(List.of(glob), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new FileGlobs(List.of(), List.of(glob)));
    }

    @Test
    void aDoubleStarInTheMiddleAlsoMatchesNoDirectory() {
        FileGlobs globs = new FileGlobs(List.of("src/**/*.java"), List.of());
        assertTrue(globs.matches("src/A.java"));
        assertTrue(globs.matches("src/a/b/A.java"));
        assertFalse(globs.matches("lib/A.java"));
    }

    @Test
    void bracesAndClassesWork() {
        FileGlobs globs = new FileGlobs(List.of("src/*.{java,kt}", "doc/[a-c]?.md", "x/[!0-9]*"), List.of());
        assertTrue(globs.matches("src/A.java"));
        assertTrue(globs.matches("src/B.kt"));
        assertFalse(globs.matches("src/C.py"));
        assertTrue(globs.matches("doc/b1.md"));
        assertFalse(globs.matches("doc/d1.md"));
        assertTrue(globs.matches("x/a1"));
        assertFalse(globs.matches("x/1a"));
        assertFalse(globs.matches("src/a/A.java"), "a single star stays within one directory");
    }

    @Test
    void aGlobThatWouldBacktrackForEverFailsFastWithAReason() {
        FileGlobs globs = new FileGlobs(List.of("*a".repeat(12) + "*b"), List.of());
        FileGlobs.TooExpensive e = assertThrows(FileGlobs.TooExpensive.class, () -> globs.matches("a".repeat(40)));
        assertTrue(e.getMessage().contains("too expensive"), e.getMessage());
    }
}
