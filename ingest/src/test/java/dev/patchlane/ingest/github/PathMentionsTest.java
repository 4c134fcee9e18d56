package dev.patchlane.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathMentionsTest {

    @Test
    void findsRelativePathsInProse() {
        assertEquals(List.of("src/main/java/com/example/Widget.java", "README.md", "pom.xml"),
                PathMentions.in("The bug is in `src/main/java/com/example/Widget.java`; README.md and pom.xml are stale.", 20));
    }

    @Test
    void eachPathOnce() {
        assertEquals(List.of("a/B.java"), PathMentions.in("a/B.java, then a/B.java again", 20));
    }

    @Test
    void stopsAtTheLimit() {
        String text = IntStream.range(0, 50).mapToObj(i -> "f" + i + ".txt").collect(Collectors.joining(" "));
        assertEquals(5, PathMentions.in(text, 5).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd.txt", "a/../b.java", ".git/config.lock", "a/.git/hooks.sh", "/etc/shadow.bak", "github.com",
            "patchlane.dev", "https://example.com/x", "no file here."})
    void ignoresWhatIsNotASafeRepositoryFile(String text) {
        assertEquals(List.of(), PathMentions.in(text, 20));
    }

    @ParameterizedTest
    @ValueSource(strings = {"It crashes, e.g. on start.", "It crashes, i.e. always.", "Fix it (e.g. in Widget)."})
    void abbreviationsAreNotFileNames(String text) {
        // looksLikeHost exists to keep "e.g." and "i.e." out.
        assertEquals(List.of(), PathMentions.in(text, 20));
    }
}
