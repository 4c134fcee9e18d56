package dev.patchlane.sandbox.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ConfiguredChecksTest {

    private static String refusal(Executable declaring, String... expected) {
        String message = assertThrows(IllegalArgumentException.class, declaring).getMessage();
        for (String part : expected) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
        }
        return message;
    }

    @Test
    void declaresAnArgvCheck() {
        CheckDeclaration check = ConfiguredChecks.argv("test", List.of("mvn", "-q", "test"), Duration.ofMinutes(2));
        assertEquals(new CheckDeclaration("test", List.of("mvn", "-q", "test"), false, Duration.ofMinutes(2)), check);
    }

    @Test
    void declaresAShellCheck() {
        CheckDeclaration check = ConfiguredChecks.shell("test", "make test | tail -5", null);
        assertEquals(List.of("/bin/sh", "-c", "make test | tail -5"), check.argv());
        assertTrue(check.shell());
        assertEquals("make test | tail -5", check.display());
    }

    @Test
    void copiesTheArgv() {
        List<String> argv = new ArrayList<>(List.of("make"));
        CheckDeclaration check = ConfiguredChecks.argv("build", argv, null);
        argv.add("clean");
        assertEquals(List.of("make"), check.argv());
    }

    @Test
    void refusesWhatTheFileRefuses() {
        refusal(() -> ConfiguredChecks.argv("../x", List.of("make"), null), "configured check \"../x\": name:", "not a valid name");
        refusal(() -> ConfiguredChecks.argv(null, List.of("make"), null), "configured check without a name");
        refusal(() -> ConfiguredChecks.argv("t", List.of(), null), "configured check \"t\": run: is empty");
        refusal(() -> ConfiguredChecks.argv("t", List.of("a\0b"), null), "run[0]: contains a NUL byte");
        refusal(() -> ConfiguredChecks.argv("t", List.of("x".repeat(4097)), null), "run[0]: is 4097 characters long");
        refusal(() -> ConfiguredChecks.argv("t", Collections.nCopies(65, "a"), null), "run: holds 65 arguments");
        refusal(() -> ConfiguredChecks.shell("t", "", null), "shell: must not be empty");
        refusal(() -> ConfiguredChecks.shell("t", "id\0", null), "shell: contains a NUL byte");
        refusal(() -> ConfiguredChecks.shell("t", null, null), "shell: must be a string");
        refusal(() -> ConfiguredChecks.argv("t", List.of("make"), Duration.ZERO), "timeout: 0ms is not positive");
        refusal(() -> ConfiguredChecks.shell("t", "make", Duration.ofSeconds(-1)), "timeout: -1s is not positive");
    }

    @Test
    void collectsTheConfiguredChecks() {
        DeclaredChecks checks = ConfiguredChecks.of(List.of(ConfiguredChecks.shell("build", "make", null)));
        assertEquals("configuration", checks.origin());
        assertEquals(DeclaredChecks.none(), ConfiguredChecks.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> ConfiguredChecks.of(List.of(
                ConfiguredChecks.shell("build", "make", null), ConfiguredChecks.argv("build", List.of("make"), null))));
    }
}
