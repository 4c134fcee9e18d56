package dev.patchlane.sink.progressissue;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Migration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a progress issue's title and body: the marker first (lookups match it only there), counts by state, the
 * dashboard link, then one checkbox per job, checked once it has ended, with its state, its pull request or why it
 * failed. Beyond {@code maxJobs} lines, or where the body would pass {@code maxChars}, the rest is summarised in one
 * line. Every untrusted text is a code span ({@link InertText}). Pure.
 */
final class IssueBody {

    static final int MAX_NAME_CHARS = 120;
    static final int MAX_REASON_CHARS = 300;
    static final int MAX_REPOSITORY_CHARS = 200;
    private static final Pattern PULL_NUMBER = Pattern.compile("/pull/([0-9]+)$");
    private static final String FOOTER = "\n<sub>Kept up to date by patchlane from the pipeline's status; edits to this issue are overwritten.</sub>\n";

    private final int maxJobs;
    private final int maxChars;

    IssueBody(int maxJobs, int maxChars) {
        if (maxJobs < 0 || maxChars < 2_000) {
            throw new IllegalArgumentException("a progress issue needs maxJobs >= 0 and maxChars >= 2000, got " + maxJobs + " and " + maxChars);
        }
        this.maxJobs = maxJobs;
        this.maxChars = maxChars;
    }

    /** The hidden marker that opens the body of the issue of {@code migrationId} in {@code repository}. */
    static String marker(String migrationId, String repository) {
        return "<!-- patchlane:migration:" + migrationId + ":" + repository + " -->";
    }

    static String title(Migration migration, String repository, boolean perRepository) {
        String name = InertText.line(migration.manifest().name(), MAX_NAME_CHARS);
        return "patchlane migration: " + name + (perRepository ? " (" + repository + ")" : "");
    }

    /**
     * @param repository the GitHub {@code owner/name} the issue lives in
     * @param lines the jobs it lists
     * @param groupByRepository whether to head each repository's jobs (one issue for the whole migration)
     * @param dashboard the migration's dashboard page, if one is configured
     */
    String render(Migration migration, String repository, List<JobLine> lines, boolean groupByRepository, Optional<String> dashboard) {
        StringBuilder body = new StringBuilder();
        body.append(marker(migration.id(), repository)).append('\n');
        body.append("## patchlane migration ").append(InertText.code(migration.manifest().name(), MAX_NAME_CHARS)).append("\n\n");
        long finished = lines.stream().filter(JobLine::terminal).count();
        body.append("**").append(finished).append(" of ").append(lines.size()).append(" jobs finished** · ").append(phase(migration)).append("\n\n");
        body.append(counts(lines)).append("\n\n");
        dashboard.ifPresent(url -> body.append("[Open this migration on the dashboard](").append(url).append(")\n\n"));
        body.append("### Jobs\n\n");
        List<JobLine> ordered = new ArrayList<>(lines);
        ordered.sort(Comparator.comparing((JobLine line) -> groupByRepository ? line.repository() : "")
                .thenComparingInt(IssueBody::rank).thenComparing(JobLine::jobId));
        int budget = maxChars - FOOTER.length() - 200;
        int listed = 0;
        String heading = null;
        for (JobLine line : ordered) {
            String next = "";
            if (groupByRepository && !line.repository().equals(heading)) {
                next = "\n#### " + InertText.code(line.repository(), MAX_REPOSITORY_CHARS) + "\n\n";
            }
            next += line(line);
            if (listed >= maxJobs || body.length() + next.length() > budget) {
                break;
            }
            body.append(next);
            heading = line.repository();
            listed++;
        }
        if (listed == 0 && lines.isEmpty()) {
            body.append("No jobs yet.\n");
        }
        if (listed < ordered.size()) {
            body.append("\n…and ").append(ordered.size() - listed).append(" more jobs not listed here")
                    .append(dashboard.isPresent() ? " (every job is on the dashboard)" : "").append(".\n");
        }
        body.append(FOOTER);
        return body.toString();
    }

    private static String line(JobLine line) {
        StringBuilder out = new StringBuilder("- [").append(line.terminal() ? 'x' : ' ').append("] `").append(line.jobId()).append("` ")
                .append(line.state().name());
        if (line.pullRequest() != null) {
            Matcher number = PULL_NUMBER.matcher(line.pullRequest());
            out.append(" · [pull request").append(number.find() ? " #" + number.group(1) : "").append("](").append(line.pullRequest()).append(')');
        }
        if (failed(line.state()) && line.reason() != null && !line.reason().isBlank()) {
            out.append(" · ").append(InertText.code(line.reason(), MAX_REASON_CHARS));
        }
        return out.append('\n').toString();
    }

    private static String counts(List<JobLine> lines) {
        Map<JobState, Long> byState = new EnumMap<>(JobState.class);
        lines.forEach(line -> byState.merge(line.state(), 1L, Long::sum));
        if (byState.isEmpty()) {
            return "No jobs submitted yet.";
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(byState).forEach((state, count) -> parts.add(state.name() + " " + count));
        return String.join(" · ", parts);
    }

    private static String phase(Migration migration) {
        if (migration.cancelled()) {
            return "cancelled";
        }
        if (migration.fanOut() == null) {
            return "still submitting jobs";
        }
        return switch (migration.fanOut().phase()) {
            case "DONE" -> "every job submitted";
            case "CANCELLED" -> "cancelled";
            default -> "submission failed" + (migration.fanOut().problem() == null ? ""
                    : ": " + InertText.code(migration.fanOut().problem(), MAX_REASON_CHARS));
        };
    }

    private static boolean failed(JobState state) {
        return state == JobState.FAILED || state == JobState.REJECTED || state == JobState.DEAD;
    }

    // what needs a person first, then what is still running, then what is done
    private static int rank(JobLine line) {
        if (failed(line.state())) {
            return 0;
        }
        return line.terminal() ? 2 : 1;
    }
}
