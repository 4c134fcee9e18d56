package dev.patchlane.sandbox.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChecksResolverTest {

    private static final Duration MAX = Duration.ofMinutes(5);
    private static final String COMMIT = "1a2b3c4d";
    private static final String FILE = """
            version: 1
            checks:
              - name: lint
                run: ["sh", "checks/lint.sh"]
              - name: test
                shell: "sh checks/test.sh | tail -5"
                timeout: 30s
            """;

    private static final CheckDeclaration CONFIGURED_TEST = ConfiguredChecks.argv("test", List.of("make", "test"), null);
    private static final CheckDeclaration CONFIGURED_BUILD = ConfiguredChecks.shell("build", "make -j4", Duration.ofMinutes(10));

    private static List<String> names(DeclaredChecks checks) {
        return checks.checks().stream().map(CheckDeclaration::name).toList();
    }

    @Test
    void givesNoneWithoutConfigurationOrFile() {
        DeclaredChecks resolved = ChecksResolver.resolve(DeclaredChecks.none(), Optional.empty(), COMMIT, MAX);
        assertTrue(resolved.isEmpty());
        assertEquals("none", resolved.origin());
    }

    @Test
    void takesTheFileAloneWithItsCommit() {
        DeclaredChecks resolved = ChecksResolver.resolve(DeclaredChecks.none(), Optional.of(FILE), COMMIT, MAX);
        assertEquals(List.of("lint", "test"), names(resolved));
        assertEquals(".patchlane.yml at 1a2b3c4d", resolved.origin());
    }

    @Test
    void takesTheConfigurationAloneWhenThereIsNoFile() {
        DeclaredChecks configured = ConfiguredChecks.of(List.of(CONFIGURED_BUILD));
        DeclaredChecks resolved = ChecksResolver.resolve(configured, Optional.empty(), COMMIT, MAX);
        assertSame(configured, resolved);
        assertEquals("configuration", resolved.origin());
    }

    @Test
    void letsTheConfigurationWinANameClashAndTheFileAddTheRest() {
        DeclaredChecks configured = ConfiguredChecks.of(List.of(CONFIGURED_TEST, CONFIGURED_BUILD));
        DeclaredChecks resolved = ChecksResolver.resolve(configured, Optional.of(FILE), COMMIT, MAX);
        assertEquals(List.of("test", "build", "lint"), names(resolved));
        assertEquals(CONFIGURED_TEST, resolved.checks().get(0));
        assertEquals(List.of("sh", "checks/lint.sh"), resolved.checks().get(2).argv());
        assertEquals("configuration and .patchlane.yml at 1a2b3c4d", resolved.origin());
    }

    @Test
    void keepsTheConfigurationOriginWhenTheFileAddsNothing() {
        DeclaredChecks configured = ConfiguredChecks.of(List.of(CONFIGURED_TEST,
                ConfiguredChecks.argv("lint", List.of("true"), null)));
        DeclaredChecks resolved = ChecksResolver.resolve(configured, Optional.of(FILE), COMMIT, MAX);
        assertEquals(List.of("test", "lint"), names(resolved));
        assertEquals("configuration", resolved.origin());
    }

    @Test
    void givesNoneForAnEmptyFileListAndNoConfiguration() {
        DeclaredChecks resolved = ChecksResolver.resolve(DeclaredChecks.none(), Optional.of("version: 1\nchecks: []\n"),
                COMMIT, MAX);
        assertEquals(DeclaredChecks.none(), resolved);
    }

    @Test
    void refusesABadFileEvenWhenConfigurationWouldCoverIt() {
        DeclaredChecks configured = ConfiguredChecks.of(List.of(CONFIGURED_TEST));
        ChecksFileException e = assertThrows(ChecksFileException.class,
                () -> ChecksResolver.resolve(configured, Optional.of("version: 2\nchecks: []\n"), COMMIT, MAX));
        assertEquals(".patchlane.yml at 1a2b3c4d: version: 2 is not supported; the only version is 1", e.getMessage());
    }

    @Test
    void holdsTheFileToTheMaximumTimeout() {
        ChecksFileException e = assertThrows(ChecksFileException.class,
                () -> ChecksResolver.resolve(DeclaredChecks.none(), Optional.of(FILE), COMMIT, Duration.ofSeconds(10)));
        assertEquals(".patchlane.yml at 1a2b3c4d: checks[1].timeout: 30s is above the limit of 10s", e.getMessage());
    }

    @Test
    void givesTheSameDigestForTheSameChecksAtAnotherCommit() {
        DeclaredChecks configured = ConfiguredChecks.of(List.of(CONFIGURED_TEST));
        String first = ChecksResolver.resolve(configured, Optional.of(FILE), COMMIT, MAX).digest();
        String second = ChecksResolver.resolve(configured, Optional.of(FILE), "ffffffff", MAX).digest();
        assertEquals(first, second);
        String withoutConfiguration = ChecksResolver.resolve(DeclaredChecks.none(), Optional.of(FILE), COMMIT, MAX).digest();
        assertTrue(!first.equals(withoutConfiguration));
    }
}
