package dev.patchlane.app.demo;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Transition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The report a demo run prints: where every job ended, how long it took, what it cost and where the patches are. */
final class DemoSummary {

    private static final Pattern EVIDENCE = Pattern.compile("from (\\d+) fast outcomes of");

    private DemoSummary() {
    }

    static String render(List<JobStatus> statuses, int submitted, String remote, Path patchDir, Duration wall) {
        Map<String, Integer> byLaneAndState = new TreeMap<>();
        List<Long> latencies = new ArrayList<>();
        long promptTokens = 0;
        long completionTokens = 0;
        int escalated = 0;
        int branches = 0;
        for (JobStatus status : statuses) {
            String lane = status.lane() == null ? "unrouted" : status.lane().name().toLowerCase(java.util.Locale.ROOT);
            byLaneAndState.merge(String.format("%-9s %s", lane, status.state()), 1, Integer::sum);
            List<Transition> history = status.history();
            latencies.add(Duration.between(history.get(0).at(), history.get(history.size() - 1).at()).toMillis());
            promptTokens += status.usage().promptTokens();
            completionTokens += status.usage().completionTokens();
            if (history.stream().anyMatch(t -> t.state() == JobState.ESCALATED)) {
                escalated++;
            }
            if (status.publication() != null && status.publication().branch() != null) {
                branches++;
            }
        }
        Collections.sort(latencies);
        long terminal = statuses.stream().filter(JobStatus::isTerminal).count();
        StringBuilder out = new StringBuilder();
        out.append("\n== patchlane demo summary ==\n");
        out.append(String.format("jobs: %d submitted, %d terminal, %d not terminal (wall time %.1f s)%n", submitted, terminal,
                submitted - terminal, wall.toMillis() / 1000.0));
        out.append("by final lane and state:\n");
        byLaneAndState.forEach((key, count) -> out.append(String.format("  %-30s %3d%n", key, count)));
        out.append(String.format("escalated fast -> deep: %d%n", escalated));
        out.append(String.format("end-to-end latency: p50 %d ms, p95 %d ms, max %d ms%n", percentile(latencies, 50), percentile(latencies, 95),
                latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1)));
        out.append(String.format("tokens: %,d prompt + %,d completion, as the decoders reported them%n", promptTokens, completionTokens));
        out.append(String.format("branches: %d under patchlane/* in the remote %s%n", branches, remote));
        out.append(String.format("patch files: %s/<job-id>.patch (apply with git am)%n", patchDir.toAbsolutePath()));
        out.append(routeReasons(statuses));
        List<JobStatus> unhappy = statuses.stream()
                .filter(s -> s.state() == JobState.FAILED || s.state() == JobState.REJECTED || s.state() == JobState.DEAD)
                .toList();
        if (!unhappy.isEmpty()) {
            out.append("jobs that ended without a patch, with their reason:\n");
            unhappy.forEach(s -> out.append(String.format("  %s %s %s: %s%n", s.jobId(), s.kind(), s.state(), s.reason())));
        }
        return out.toString();
    }

    // The first routing of each job: how many the outcome statistics decided, and a few reasons as the router gave them.
    static String routeReasons(List<JobStatus> statuses) {
        List<String> reasons = statuses.stream()
                .flatMap(s -> s.history().stream().filter(t -> t.state() == JobState.ROUTED && "router".equals(t.stage())).limit(1))
                .map(Transition::reason).filter(r -> r != null && !r.startsWith("escalated")).toList();
        List<String> learned = reasons.stream().filter(r -> r.contains("P(success)=")).toList();
        long thin = learned.stream().filter(DemoSummary::thinEvidence).count();
        long informed = learned.stream().filter(r -> evidence(r) > 0).count();
        StringBuilder out = new StringBuilder(String.format(
                "routing: %d of %d jobs decided from outcome statistics (%d with enough evidence, %d by a draw from a thin posterior;"
                        + " %d with earlier outcomes counted), the rest by hard rules; the reasons with most evidence:%n",
                learned.size(), reasons.size(), learned.size() - thin, thin, informed));
        learned.stream().sorted(Comparator.comparingDouble(DemoSummary::evidence).reversed()).distinct().limit(3)
                .forEach(r -> out.append("  ").append(r).append('\n'));
        return out.toString();
    }

    /** The outcomes a learned decision rests on, as its reason says ("from 13 fast outcomes of"). */
    static double evidence(String reason) {
        Matcher matcher = EVIDENCE.matcher(reason);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static boolean thinEvidence(String reason) {
        return reason.contains("(thin evidence");
    }

    static long percentile(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

}
