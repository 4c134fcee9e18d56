package dev.patchlane.sandbox.checks;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Checks the operator declares in configuration, held to the same rules as those of {@code .patchlane.yml}; a
 * refusal is an {@link IllegalArgumentException} naming the check and the field.
 */
public final class ConfiguredChecks {

    public static final String ORIGIN = "configuration";

    private ConfiguredChecks() {
    }

    /** A check whose argv is executed as is; {@code timeout} null means the operator's default. */
    public static CheckDeclaration argv(String name, List<String> argv, Duration timeout) {
        try {
            return new CheckDeclaration(CheckRules.name("name", name), CheckRules.argv("run", argv), false,
                    timeout == null ? null : CheckRules.timeout("timeout", timeout, null));
        } catch (CheckRuleException e) {
            throw refused(name, e);
        }
    }

    /** A check whose command line runs through {@code /bin/sh -c}; {@code timeout} null means the operator's default. */
    public static CheckDeclaration shell(String name, String line, Duration timeout) {
        try {
            return new CheckDeclaration(CheckRules.name("name", name),
                    CheckDeclaration.shellArgv(CheckRules.shellLine("shell", line)), true,
                    timeout == null ? null : CheckRules.timeout("timeout", timeout, null));
        } catch (CheckRuleException e) {
            throw refused(name, e);
        }
    }

    /** The configured checks in the order given, or {@link DeclaredChecks#none()} when there are none. */
    public static DeclaredChecks of(List<CheckDeclaration> checks) {
        Objects.requireNonNull(checks, "checks");
        return checks.isEmpty() ? DeclaredChecks.none() : new DeclaredChecks(checks, ORIGIN);
    }

    private static IllegalArgumentException refused(String name, CheckRuleException e) {
        String shown = name == null ? "without a name" : "\"" + CheckRules.printable(name) + "\"";
        return new IllegalArgumentException("configured check " + shown + ": " + e.getMessage());
    }
}
