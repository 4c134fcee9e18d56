package dev.patchlane.sink.progressissue;

import dev.patchlane.contracts.Migration;
import dev.patchlane.contracts.MigrationManifest;
import dev.patchlane.contracts.MigrationManifest.ProgressIssue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which progress issues a migration gets: one per GitHub repository of the migration (its targets that map to the same
 * {@code owner/name} share it), or one for the whole migration in the repository it names, which must be one of its own
 * GitHub repositories, so that a manifest cannot steer the bot's issues into any repository the credential reaches.
 * Per repository, targets that are no GitHub repository get no issue; each is reported as skipped with the reason.
 */
record IssuePlan(List<Issue> issues, List<String> skipped) {

    /**
     * One issue.
     *
     * @param repository the GitHub {@code owner/name} it lives in
     * @param jobRepositories the job repositories (as the migration names them) it lists; empty for every one
     */
    record Issue(String repository, Set<String> jobRepositories) {

        boolean lists(String jobRepository) {
            return jobRepositories.isEmpty() || jobRepositories.contains(jobRepository);
        }
    }

    static IssuePlan of(Migration migration, Function<String, Optional<String>> githubName) {
        MigrationManifest manifest = migration.manifest();
        ProgressIssue wanted = manifest.progressIssue();
        if (wanted == null) {
            return new IssuePlan(List.of(), List.of());
        }
        Map<String, String> canonical = new LinkedHashMap<>();
        Map<String, Set<String>> byName = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (MigrationManifest.Target target : manifest.repositories()) {
            Optional<String> name = githubName.apply(target.url());
            if (name.isEmpty()) {
                skipped.add(InertText.line(target.url(), IssueBody.MAX_REPOSITORY_CHARS) + ": not a GitHub repository of this sink"
                        + " (patchlane.publish.repositories.\"<repository>\".github-repository, or a clone URL on the GitHub host)");
                continue;
            }
            String key = name.get().toLowerCase(Locale.ROOT);
            canonical.putIfAbsent(key, name.get());
            byName.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(target.url());
        }
        if (wanted.mode() == ProgressIssue.Mode.PER_MIGRATION) {
            String named = wanted.repository() == null ? "" : wanted.repository();
            String key = named.toLowerCase(Locale.ROOT);
            if (!canonical.containsKey(key)) {
                return new IssuePlan(List.of(), List.of("the whole migration: " + InertText.line(named, IssueBody.MAX_REPOSITORY_CHARS)
                        + " is none of the migration's GitHub repositories " + canonical.values()));
            }
            // its jobs in other repositories are listed all the same: the issue lives in a GitHub repository
            return new IssuePlan(List.of(new Issue(canonical.get(key), Set.of())), List.of());
        }
        List<Issue> issues = new ArrayList<>();
        byName.forEach((key, urls) -> issues.add(new Issue(canonical.get(key), Set.copyOf(urls))));
        return new IssuePlan(List.copyOf(issues), List.copyOf(skipped));
    }
}
