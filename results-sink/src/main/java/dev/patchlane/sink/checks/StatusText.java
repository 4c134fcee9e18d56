package dev.patchlane.sink.checks;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.Transition;
import dev.patchlane.sink.publish.PullRequestText;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a job's check run or status comment: its state, route and reasons, verification, pull request and job
 * page. Reasons and check output are untrusted, so they go in code spans and fences only. Each text carries the length
 * of the history it was made from in a hidden marker, so a later writer can tell an older status from a newer one.
 */
public final class StatusText {

    private static final Pattern STEP = Pattern.compile("<!-- patchlane:step:(\\d{1,6}) -->");
    private static final int MAX_CHARS = 60_000;

    private StatusText() {
    }

    public static String title(JobStatus status) {
        String lane = status.lane() == null ? "" : " on the " + status.lane().name().toLowerCase(Locale.ROOT) + " lane";
        return switch (status.state()) {
            case SUBMITTED -> "Queued";
            case ROUTED -> "Queued" + lane;
            case RUNNING -> "Running" + lane;
            case ESCALATED -> "Escalated to the deep lane";
            case PATCH_READY, RESULT_READY -> "Publishing";
            case PUBLISHED -> pullRequest(status).isPresent() ? "Published as a pull request" : "Published";
            case NO_CHANGE -> "No change needed";
            case FAILED -> "Failed" + lane;
            case REJECTED -> "Rejected before publication";
            case DEAD -> "Gave up";
            case CANCELLED -> "Cancelled";
        };
    }

    public static String summary(JobStatus status, Optional<URI> publicBaseUrl) {
        StringBuilder text = new StringBuilder();
        text.append("**patchlane job** `").append(status.jobId()).append("`: ").append(status.state());
        if (status.lane() != null) {
            text.append(", ").append(status.lane().name().toLowerCase(Locale.ROOT)).append(" lane");
        }
        text.append('\n');
        jobPage(status, publicBaseUrl).ifPresent(url -> text.append("\n[Open the job page](").append(url).append(")\n"));
        pullRequest(status).ifPresent(url -> text.append("\n**Pull request**: ").append(url).append('\n'));
        if (status.reason() != null && !status.reason().isBlank()) {
            text.append("\n**Why**: ").append(PullRequestText.code(status.reason())).append('\n');
        }
        text.append("\n### Route\n\n");
        boolean routed = false;
        int attempt = 0;
        for (Transition transition : status.history()) {
            if (transition.state() == JobState.ROUTED) {
                routed = true;
                attempt++;
                text.append("- attempt ").append(attempt).append(": ")
                        .append(transition.lane() == null ? "?" : transition.lane().name().toLowerCase(Locale.ROOT)).append(" lane, because ")
                        .append(PullRequestText.code(transition.reason())).append('\n');
            }
        }
        if (!routed) {
            text.append("Not routed yet.\n");
        }
        text.append('\n');
        if (status.verification() != null) {
            PullRequestText.verification(text, status.verification());
        }
        String body = text.length() <= MAX_CHARS ? text.toString() : text.substring(0, MAX_CHARS) + "\n\n(truncated)\n";
        return body + "\n" + stepMarker(status);
    }

    /** The job's page under the configured public URL, e.g. {@code https://patchlane.example/dashboard/jobs/<id>}. */
    public static Optional<String> jobPage(JobStatus status, Optional<URI> publicBaseUrl) {
        return publicBaseUrl.map(base -> base.toString().replaceAll("/+$", "") + "/dashboard/jobs/" + status.jobId());
    }

    public static Optional<String> pullRequest(JobStatus status) {
        if (status.publication() == null) {
            return Optional.empty();
        }
        return status.publication().targets().stream().filter(target -> "github".equals(target.publisher()))
                .map(PublicationTarget::location).filter(location -> location != null && location.startsWith("http")).findFirst();
    }

    static String stepMarker(JobStatus status) {
        return "<!-- patchlane:step:" + status.history().size() + " -->";
    }

    /** The history length a text was made from; -1 when it carries no marker. */
    static int step(String text) {
        if (text == null) {
            return -1;
        }
        Matcher matcher = STEP.matcher(text);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }
}
