package dev.patchlane.sandbox.checks;

import dev.patchlane.contracts.Digests;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The checks that verify a job's patch, in the order they run.
 *
 * @param checks the declarations, names unique
 * @param origin where they came from: {@code ".patchlane.yml at <commit>"}, {@code "configuration"} or {@code "none"}
 */
public record DeclaredChecks(List<CheckDeclaration> checks, String origin) {

    private static final String DIGEST_FORMAT = "patchlane-checks/1";

    public DeclaredChecks {
        checks = List.copyOf(checks);
        Objects.requireNonNull(origin, "origin");
        Set<String> names = new HashSet<>();
        for (CheckDeclaration check : checks) {
            if (!names.add(check.name())) {
                throw new IllegalArgumentException("check " + check.name() + " is declared twice");
            }
        }
    }

    /** No checks at all. */
    public static DeclaredChecks none() {
        return new DeclaredChecks(List.of(), "none");
    }

    public boolean isEmpty() {
        return checks.isEmpty();
    }

    /**
     * A SHA-256 hex of what runs (names, argv, shell flags, timeouts, order), not of where it came from, for use as a
     * cache key.
     */
    public String digest() {
        List<String> parts = new ArrayList<>();
        parts.add(DIGEST_FORMAT);
        for (CheckDeclaration check : checks) {
            // Counts make the encoding unambiguous, since no part can hold the zero byte that separates parts.
            parts.add(check.name());
            parts.add(check.shell() ? "shell" : "argv");
            parts.add(check.timeout() == null ? "default" : Long.toString(check.timeout().toMillis()));
            parts.add(Integer.toString(check.argv().size()));
            parts.addAll(check.argv());
        }
        return Digests.sha256Hex(parts);
    }
}
