package dev.patchlane.sink.progressissue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Migration;
import dev.patchlane.contracts.MigrationManifest;
import dev.patchlane.contracts.MigrationManifest.ProgressIssue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IssueBodyTest {

    private static final String REPO = "acme/app";
    private static final String URL = "https://github.com/acme/app.git";

    @Test
    void countsStatesChecksEndedJobsAndLinksPullRequestsAndTheDashboard() {
        List<JobLine> lines = List.of(
                new JobLine("job-a", URL, JobState.PUBLISHED, "published", "https://github.com/acme/app/pull/12", 7),
                new JobLine("job-b", URL, JobState.FAILED, "the patch did not apply", null, 5),
                new JobLine("job-c", URL, JobState.RUNNING, "attempt 1", null, 3));
        String body = new IssueBody(500, 60_000).render(migration("Rename the timeout", ProgressIssue.Mode.PER_REPOSITORY), REPO, lines, false,
                Optional.of("https://patchlane.example/dashboard/migrations/m-1"));

        assertTrue(body.startsWith("<!-- patchlane:migration:m-1:acme/app -->\n"), body);
        assertTrue(body.contains("**2 of 3 jobs finished**"), body);
        assertTrue(body.contains("RUNNING 1 · FAILED 1 · PUBLISHED 1"), body);
        assertTrue(body.contains("- [x] `job-a` PUBLISHED · [pull request #12](https://github.com/acme/app/pull/12)\n"), body);
        assertTrue(body.contains("- [x] `job-b` FAILED · ` the patch did not apply `\n"), body);
        assertTrue(body.contains("- [ ] `job-c` RUNNING\n"), body);
        assertTrue(body.indexOf("job-b") < body.indexOf("job-c") && body.indexOf("job-c") < body.indexOf("job-a"), "failed, running, done");
        assertTrue(body.contains("[Open this migration on the dashboard](https://patchlane.example/dashboard/migrations/m-1)"), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "@everyone [click](https://evil.example) <img src=x onerror=alert(1)> #1 ![x](y)",
            "`` `break` out`` of ```code``` ",
            "line one\n- [x] forged job\n## heading\r\n<!-- patchlane:migration:other:acme/app -->",
            "\u202Eevil\u200B\u0000\u0007 text"})
    void hostileTextIsOneCodeSpanOnOneLine(String hostile) {
        String reason = hostile;
        String body = new IssueBody(500, 60_000).render(migration(hostile, ProgressIssue.Mode.PER_MIGRATION), REPO,
                List.of(new JobLine("job-x", hostile, JobState.DEAD, reason, "javascript:alert(1)//x/pull/1", 4)), true, Optional.empty());

        assertEquals(1, countOutsideCodeSpans(body, "<!-- patchlane:"));
        for (String inert : List.of("@everyone", "[click]", "<img", "![x]", "- [x] forged", "## heading")) {
            assertEquals(0, countOutsideCodeSpans(body, inert), inert + " outside a code span in\n" + body);
        }
        assertFalse(body.contains("javascript:"), "a pull request link that is not an http(s) URL is dropped");
        assertFalse(body.chars().anyMatch(c -> c == 0 || c == 7 || c == 0x202E || c == 0x200B || c == '\r'), "no control or invisible characters");
        String title = IssueBody.title(migration(hostile, ProgressIssue.Mode.PER_REPOSITORY), REPO, true);
        assertFalse(title.contains("\n") || title.contains("\u202E"), title);
    }

    @Test
    void aLongMigrationIsSummarisedBeyondTheListedJobsAndStaysUnderTheSizeLimit() {
        List<JobLine> lines = new ArrayList<>();
        IntStream.range(0, 5_000).forEach(i -> lines.add(new JobLine(String.format("job-%05d", i), URL, i % 2 == 0 ? JobState.FAILED : JobState.PUBLISHED,
                "x".repeat(1_000), null, 4)));
        String body = new IssueBody(500, 60_000).render(migration("big", ProgressIssue.Mode.PER_REPOSITORY), REPO, lines, false, Optional.empty());
        assertTrue(body.length() <= 60_000, "length " + body.length());
        assertTrue(body.contains("**5000 of 5000 jobs finished**"), body.substring(0, 300));
        long listed = body.lines().filter(l -> l.startsWith("- [")).count();
        assertTrue(listed > 50 && listed < 500, "listed " + listed);
        assertTrue(body.contains("…and " + (5_000 - listed) + " more jobs not listed here."), body.substring(body.length() - 300));

        String few = new IssueBody(10, 60_000).render(migration("big", ProgressIssue.Mode.PER_REPOSITORY), REPO, lines, false, Optional.empty());
        assertEquals(10, few.lines().filter(l -> l.startsWith("- [")).count());
        assertTrue(few.contains("…and 4990 more jobs not listed here."));
    }

    @Test
    void aBudgetGitHubWouldRefuseCannotBeConfigured() {
        assertThrows(IllegalArgumentException.class, () -> new IssueBody(-1, 60_000));
        assertThrows(IllegalArgumentException.class, () -> new IssueBody(10, 100));
    }

    @Test
    void perRepositoryPlansOneIssuePerGitHubRepositoryAndSkipsTheOthersSayingWhy() {
        Migration migration = new Migration(1, "m-1", new MigrationManifest(null, "n", "i", null,
                List.of(new MigrationManifest.Target(URL, "main"), new MigrationManifest.Target(URL, "release"),
                        new MigrationManifest.Target("/srv/git/local", null), new MigrationManifest.Target("https://github.com/acme/other", null)),
                null, null, null, null, null, null, new ProgressIssue(ProgressIssue.Mode.PER_REPOSITORY, null)), Instant.EPOCH, null, null);
        Map<String, String> github = Map.of(URL, "acme/app", "https://github.com/acme/other", "acme/other");
        IssuePlan plan = IssuePlan.of(migration, url -> Optional.ofNullable(github.get(url)));
        assertEquals(List.of("acme/app", "acme/other"), plan.issues().stream().map(IssuePlan.Issue::repository).toList());
        assertEquals(1, plan.skipped().size());
        assertTrue(plan.skipped().get(0).startsWith("/srv/git/local: not a GitHub repository"), plan.skipped().get(0));
    }

    @Test
    void perMigrationMustNameOneOfTheMigrationsOwnGitHubRepositories() {
        Map<String, String> github = Map.of(URL, "acme/app");
        IssuePlan elsewhere = IssuePlan.of(migration("n", ProgressIssue.Mode.PER_MIGRATION, "victim/repo"), url -> Optional.ofNullable(github.get(url)));
        assertTrue(elsewhere.issues().isEmpty());
        assertTrue(elsewhere.skipped().get(0).contains("victim/repo is none of the migration's GitHub repositories"), elsewhere.skipped().toString());
        IssuePlan own = IssuePlan.of(migration("n", ProgressIssue.Mode.PER_MIGRATION, "ACME/app"), url -> Optional.ofNullable(github.get(url)));
        assertEquals(List.of(new IssuePlan.Issue("acme/app", java.util.Set.of())), own.issues());
    }

    private static Migration migration(String name, ProgressIssue.Mode mode) {
        return migration(name, mode, mode == ProgressIssue.Mode.PER_MIGRATION ? REPO : null);
    }

    private static Migration migration(String name, ProgressIssue.Mode mode, String repository) {
        return new Migration(1, "m-1", new MigrationManifest(null, name, "i", null, List.of(new MigrationManifest.Target(URL, null)),
                null, null, null, null, null, null, new ProgressIssue(mode, repository)), Instant.EPOCH, null, null);
    }

    // Occurrences of needle outside inline code spans, read as CommonMark reads backtick fences.
    private static int countOutsideCodeSpans(String body, String needle) {
        StringBuilder outside = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            if (body.charAt(i) == '`') {
                int run = 0;
                while (i + run < body.length() && body.charAt(i + run) == '`') {
                    run++;
                }
                String fence = "`".repeat(run);
                int close = findFence(body, i + run, fence);
                if (close < 0) {
                    outside.append(fence);
                    i += run;
                } else {
                    outside.append(' ');
                    i = close + run;
                }
            } else {
                outside.append(body.charAt(i++));
            }
        }
        int count = 0;
        for (int at = outside.indexOf(needle); at >= 0; at = outside.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    private static int findFence(String body, int from, String fence) {
        for (int at = body.indexOf(fence, from); at >= 0; at = body.indexOf(fence, at + 1)) {
            boolean before = body.charAt(at - 1) != '`';
            boolean after = at + fence.length() >= body.length() || body.charAt(at + fence.length()) != '`';
            if (before && after) {
                return at;
            }
        }
        return -1;
    }
}
