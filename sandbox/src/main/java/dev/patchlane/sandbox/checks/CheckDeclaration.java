package dev.patchlane.sandbox.checks;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One check a repository or the operator declared: a command run in the sandbox whose exit status tells whether the
 * patch keeps it green.
 *
 * @param name the check's name, matching {@code ^[a-z0-9][a-z0-9_.-]{0,39}$}
 * @param argv the argv executed as is; for a shell check {@code ["/bin/sh", "-c", line]}
 * @param shell whether the check is a command line run through {@code /bin/sh -c}
 * @param timeout how long the check may run, or null for the operator's default
 */
public record CheckDeclaration(String name, List<String> argv, boolean shell, Duration timeout) {

    /** The argv prefix of every shell check; the line follows it. */
    public static final List<String> SHELL_PREFIX = List.of("/bin/sh", "-c");

    public CheckDeclaration {
        Objects.requireNonNull(name, "name");
        if (!CheckRules.isName(name)) {
            throw new IllegalArgumentException("not a check name: " + name);
        }
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("check " + name + " has an empty argv");
        }
        if (argv.stream().anyMatch(arg -> arg.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("check " + name + " has a NUL byte in its argv");
        }
        if (shell && (argv.size() != 3 || !argv.subList(0, 2).equals(SHELL_PREFIX))) {
            throw new IllegalArgumentException("shell check " + name + " must run as /bin/sh -c <line>");
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("check " + name + " has a timeout that is not positive: " + timeout);
        }
    }

    /** The argv of a shell check running {@code line}. */
    static List<String> shellArgv(String line) {
        return List.of(SHELL_PREFIX.get(0), SHELL_PREFIX.get(1), line);
    }

    /** The command as people read it: the shell line, or the argv joined by spaces. */
    public String display() {
        return shell ? argv.get(2) : String.join(" ", argv);
    }
}
