package dev.patchlane.ingest.github.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.ingest.github.WebhookMapping;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Reads GitHub's documented {@code push} payload ({@code ref}, {@code before}, {@code after}, {@code created},
 * {@code deleted}, {@code forced}, {@code commits}, {@code repository}) into a {@link BaseMove}, or says why not. Pure;
 * nothing here is trusted beyond its shape: the watcher reads the commits themselves from git.
 */
public final class PushPayloads {

    /** GitHub sends at most 2048 commits in one push payload; a longer list is not GitHub's. */
    static final int MAX_COMMITS = 2048;
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
    // git's check-ref-format, narrowed: no "..", no leading "-" or "/", no control characters, spaces, ~^:?*[\ or "@{".
    private static final Pattern BRANCH = Pattern.compile("(?!-)(?!.*\\.\\.)(?!.*@\\{)(?!.*//)(?!/)[A-Za-z0-9._/@+-]{1,200}(?<![/.])");
    private static final String ZERO = "0".repeat(40);

    private PushPayloads() {
    }

    /** The move, or why the delivery is ignored. */
    public static WebhookMapping map(String deliveryId, JsonNode payload, Instant receivedAt) {
        String fullName = payload.path("repository").path("full_name").asText("");
        if (!FULL_NAME.matcher(fullName).matches() || fullName.contains("..")) {
            return ignored("push names no valid repository (full_name '" + shown(fullName) + "')");
        }
        JsonNode ref = payload.path("ref");
        if (!ref.isTextual()) {
            return ignored("push carries no ref");
        }
        String name = ref.asText();
        if (name.startsWith("refs/tags/")) {
            return ignored("push of tag " + shown(name.substring("refs/tags/".length())) + ": only branches are bases");
        }
        if (!name.startsWith("refs/heads/")) {
            return ignored("push of " + shown(name) + ", which is not a branch");
        }
        String branch = name.substring("refs/heads/".length());
        if (!BRANCH.matcher(branch).matches() || branch.endsWith(".lock")) {
            return ignored("push of a branch name patchlane does not accept (git's rules, in ASCII letters, digits and ._/@+-): "
                    + shown(branch));
        }
        if (branch.startsWith("patchlane/")) {
            return ignored("push to patchlane's own branch " + shown(branch) + " is no base move");
        }
        String before = payload.path("before").asText("");
        String after = payload.path("after").asText("");
        if (payload.path("deleted").asBoolean(false) || ZERO.equals(after)) {
            return ignored("branch " + branch + " was deleted; its pull requests are GitHub's to close");
        }
        if (!SHA.matcher(after).matches() || !before.isEmpty() && !SHA.matcher(before).matches()) {
            return ignored("push of " + branch + " with before/after that are not commit ids");
        }
        if (payload.path("created").asBoolean(false) || ZERO.equals(before)) {
            return ignored("branch " + branch + " was created: no pull request can have it as its base yet");
        }
        if (before.equals(after)) {
            return ignored("push of " + branch + " did not move it");
        }
        JsonNode commits = payload.path("commits");
        if (!commits.isMissingNode() && !commits.isArray()) {
            return ignored("push of " + branch + " whose commits are not a list");
        }
        if (commits.size() > MAX_COMMITS) {
            return ignored("push of " + branch + " lists " + commits.size() + " commits; GitHub sends at most " + MAX_COMMITS);
        }
        return new WebhookMapping.BaseMoved(
                new BaseMove(deliveryId, fullName, branch, before, after, payload.path("forced").asBoolean(false), receivedAt));
    }

    private static WebhookMapping ignored(String why) {
        return new WebhookMapping.Ignored(why);
    }

    private static String shown(String text) {
        String clipped = text.length() > 120 ? text.substring(0, 120) + "…" : text;
        return clipped.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
