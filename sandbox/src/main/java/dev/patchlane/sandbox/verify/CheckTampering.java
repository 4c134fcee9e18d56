package dev.patchlane.sandbox.verify;

import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.sandbox.checks.CheckDeclaration;
import dev.patchlane.sandbox.checks.DeclaredChecks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * A patch that changes the script a check runs (the program of its command, or the script an interpreter is given)
 * could make the check pass by changing the check: such a check is counted as broken by the patch, without running it.
 * Files a check merely reads are not scripts: a test generation patch may add the tests a check runs.
 */
public final class CheckTampering {

    private CheckTampering() {
    }

    /** One failed result per check whose command names a file the patch changes; empty when none does. */
    public static List<CheckResult> find(DeclaredChecks checks, Collection<String> changedPaths) {
        Set<String> changed = Set.copyOf(changedPaths);
        List<CheckResult> tampered = new ArrayList<>();
        for (CheckDeclaration check : checks.checks()) {
            for (String word : scripts(check)) {
                String path = word.startsWith("./") ? word.substring(2) : word;
                if (changed.contains(path)) {
                    tampered.add(new CheckResult(check.name(), check.display(), CheckStatus.FAILED, -1, 0, "",
                            "not run: the patch changes " + path + ", which this check runs", null));
                    break;
                }
            }
        }
        return tampered;
    }

    private static final Set<String> INTERPRETERS = Set.of("sh", "bash", "dash", "zsh", "python", "python3", "node", "perl", "ruby",
            "php", "java");

    private static List<String> scripts(CheckDeclaration check) {
        if (!check.shell()) {
            return programs(check.argv());
        }
        List<String> scripts = new ArrayList<>();
        for (String command : check.argv().get(check.argv().size() - 1).split("[;|&()\\n]+")) {
            scripts.addAll(programs(List.of(command.strip().split("\\s+"))));
        }
        return scripts;
    }

    private static List<String> programs(List<String> argv) {
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            return List.of();
        }
        String program = argv.get(0);
        String name = program.substring(program.lastIndexOf('/') + 1);
        return INTERPRETERS.contains(name) && argv.size() > 1 ? List.of(program, argv.get(1)) : List.of(program);
    }
}
