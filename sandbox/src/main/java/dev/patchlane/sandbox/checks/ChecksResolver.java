package dev.patchlane.sandbox.checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The checks a job runs: the operator's first, then the repository's, the operator's winning on a name clash. */
public final class ChecksResolver {

    private ChecksResolver() {
    }

    /**
     * The checks to run for a job at {@code commit}.
     *
     * @param configured the operator's checks, possibly {@link DeclaredChecks#none()}
     * @param fileText the text of {@code .patchlane.yml} at the base commit, empty when the repository has none
     * @param commit the base commit the file was read from, named in the origin and in refusals
     * @param maxTimeout the longest timeout the file may ask for
     * @throws ChecksFileException when the file is present but refused
     */
    public static DeclaredChecks resolve(DeclaredChecks configured, Optional<String> fileText, String commit,
            Duration maxTimeout) {
        Objects.requireNonNull(configured, "configured");
        Objects.requireNonNull(commit, "commit");
        DeclaredChecks file = fileText
                .map(text -> ChecksFileReader.read(text, ChecksFileReader.FILE_NAME + " at " + commit, maxTimeout))
                .orElse(DeclaredChecks.none());
        Set<String> configuredNames = configured.checks().stream().map(CheckDeclaration::name).collect(Collectors.toSet());
        List<CheckDeclaration> added = file.checks().stream()
                .filter(check -> !configuredNames.contains(check.name()))
                .toList();
        if (added.isEmpty()) {
            return configured.isEmpty() ? DeclaredChecks.none() : configured;
        }
        if (configured.isEmpty()) {
            return new DeclaredChecks(added, file.origin());
        }
        List<CheckDeclaration> merged = new ArrayList<>(configured.checks());
        merged.addAll(added);
        return new DeclaredChecks(merged, configured.origin() + " and " + file.origin());
    }
}
