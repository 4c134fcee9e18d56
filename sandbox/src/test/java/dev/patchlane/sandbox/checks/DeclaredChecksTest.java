package dev.patchlane.sandbox.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeclaredChecksTest {

    private static final CheckDeclaration LINT = new CheckDeclaration("lint", List.of("sh", "checks/lint.sh"), false, null);
    private static final CheckDeclaration TEST = new CheckDeclaration("test", List.of("/bin/sh", "-c", "make test"), true,
            Duration.ofSeconds(30));
    private static final DeclaredChecks BASE = new DeclaredChecks(List.of(LINT, TEST), "configuration");

    @Test
    void digestIsSha256HexAndIgnoresTheOrigin() {
        String digest = BASE.digest();
        assertTrue(digest.matches("[0-9a-f]{64}"), digest);
        assertEquals(digest, new DeclaredChecks(List.of(LINT, TEST), ".patchlane.yml at abc").digest());
        assertEquals(digest, new DeclaredChecks(List.of(
                new CheckDeclaration("lint", List.of("sh", "checks/lint.sh"), false, null),
                new CheckDeclaration("test", List.of("/bin/sh", "-c", "make test"), true, Duration.ofMillis(30_000))),
                "none").digest());
    }

    @Test
    void digestOfAParsedFileIsStable() {
        String yaml = "version: 1\nchecks:\n  - name: lint\n    run: [sh, checks/lint.sh]\n"
                + "  - name: test\n    shell: make test\n    timeout: 30000ms\n";
        assertEquals(BASE.digest(), ChecksFileReader.read(yaml, "x", Duration.ofMinutes(1)).digest());
    }

    static Stream<List<CheckDeclaration>> changes() {
        return Stream.of(
                List.of(TEST, LINT),
                List.of(LINT),
                List.of(LINT, TEST, new CheckDeclaration("more", List.of("true"), false, null)),
                List.of(new CheckDeclaration("lint2", LINT.argv(), false, null), TEST),
                List.of(new CheckDeclaration("lint", List.of("sh", "checks/lint.sh", "-v"), false, null), TEST),
                List.of(new CheckDeclaration("lint", List.of("sh checks/lint.sh"), false, null), TEST),
                List.of(new CheckDeclaration("lint", List.of("sh", "checks/lint.sh"), false, Duration.ofSeconds(1)), TEST),
                List.of(LINT, new CheckDeclaration("test", TEST.argv(), true, Duration.ofSeconds(31))),
                List.of(LINT, new CheckDeclaration("test", TEST.argv(), true, null)),
                List.of(LINT, new CheckDeclaration("test", TEST.argv(), false, Duration.ofSeconds(30))),
                List.of(LINT, new CheckDeclaration("test", List.of("/bin/sh", "-c", "make  test"), true, Duration.ofSeconds(30))));
    }

    @ParameterizedTest
    @MethodSource("changes")
    void digestChangesWithAnyChangeToWhatRuns(List<CheckDeclaration> changed) {
        assertNotEquals(BASE.digest(), new DeclaredChecks(changed, "configuration").digest());
    }

    @Test
    void digestDoesNotCollideByRegroupingArguments() {
        DeclaredChecks one = new DeclaredChecks(List.of(new CheckDeclaration("a", List.of("x", "y"), false, null),
                new CheckDeclaration("b", List.of("z"), false, null)), "none");
        DeclaredChecks other = new DeclaredChecks(List.of(new CheckDeclaration("a", List.of("x"), false, null),
                new CheckDeclaration("b", List.of("y", "z"), false, null)), "none");
        assertNotEquals(one.digest(), other.digest());
    }

    @Test
    void noneIsEmpty() {
        assertTrue(DeclaredChecks.none().isEmpty());
        assertEquals("none", DeclaredChecks.none().origin());
        assertEquals(new DeclaredChecks(List.of(), "x").digest(), DeclaredChecks.none().digest());
    }

    @Test
    void refusesDuplicateNames() {
        assertThrows(IllegalArgumentException.class, () -> new DeclaredChecks(List.of(LINT, LINT), "configuration"));
    }

    @Test
    void declarationRefusesWhatNoRuleAllows() {
        assertThrows(IllegalArgumentException.class, () -> new CheckDeclaration("Lint", List.of("x"), false, null));
        assertThrows(IllegalArgumentException.class, () -> new CheckDeclaration("lint", List.of(), false, null));
        assertThrows(IllegalArgumentException.class, () -> new CheckDeclaration("lint", List.of("a\0"), false, null));
        assertThrows(IllegalArgumentException.class, () -> new CheckDeclaration("lint", List.of("make"), true, null));
        assertThrows(IllegalArgumentException.class,
                () -> new CheckDeclaration("lint", List.of("x"), false, Duration.ZERO));
    }

    @Test
    void displaysTheArgvOrTheShellLine() {
        assertEquals("sh checks/lint.sh", LINT.display());
        assertEquals("make test", TEST.display());
    }
}
