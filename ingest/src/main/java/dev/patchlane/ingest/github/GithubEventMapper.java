package dev.patchlane.ingest.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.Digests;
import dev.patchlane.contracts.JobDraft;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.WebhookDelivery;
import dev.patchlane.ingest.github.retry.DeepRetryMapping;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns a GitHub event into the jobs it asks for, or a reason to do nothing. Pure: it reads only the payload and the
 * configuration; what needs git or GitHub's API is left in the draft for the delivery processor.
 */
public final class GithubEventMapper {

    private static final int MAX_INSTRUCTION_CHARS = 60_000;

    private final GithubWebhookConfig config;

    public GithubEventMapper(GithubWebhookConfig config) {
        this.config = config;
    }

    public WebhookMapping map(String event, String deliveryId, JsonNode payload, Instant receivedAt) {
        if (!payload.path("repository").isObject()) {
            return ignored(event + " carries no repository");
        }
        String sender = payload.path("sender").path("login").asText("unknown");
        boolean senderIsBot = "Bot".equals(payload.path("sender").path("type").asText());
        // A merge queue or release bot moving a base is still a base move.
        if (senderIsBot && !config.allowBots() && !"check_run".equals(event) && !"push".equals(event)) {
            return ignored("sender " + sender + " is a bot; bots cannot trigger jobs (patchlane.webhooks.github.allow-bots)");
        }
        Event parsed = new Event(event, payload.path("action").asText(null), payload, sender, deliveryId, receivedAt);
        return switch (event) {
            case "issues" -> issues(parsed);
            case "issue_comment" -> issueComment(parsed);
            case "pull_request" -> pullRequest(parsed);
            case "check_run" -> checkRun(parsed);
            case "push" -> dev.patchlane.ingest.github.push.PushPayloads.map(deliveryId, payload, receivedAt);
            default -> ignored("event " + event + " is not acted on");
        };
    }

    private WebhookMapping issues(Event e) {
        JsonNode issue = e.payload.path("issue");
        if ("opened".equals(e.action)) {
            if (!hasLabel(issue, config.triggerLabel())) {
                return ignored("issue #" + issue.path("number").asInt() + " has no " + config.triggerLabel() + " label");
            }
            String association = issue.path("author_association").asText("NONE");
            if (!trusted(association)) {
                return ignored("the issue author's association " + association + " is not trusted to start jobs");
            }
        } else if ("labeled".equals(e.action)) {
            // Only people with triage access can label, so the label itself is the trusted act.
            if (!config.triggerLabel().equals(e.payload.path("label").path("name").asText())) {
                return ignored("label " + e.payload.path("label").path("name").asText() + " is not " + config.triggerLabel());
            }
        } else {
            return ignored("issues." + e.action + " is not acted on");
        }
        return issueJob(e, issue, "fix", List.of(), null);
    }

    private WebhookMapping issueComment(Event e) {
        if (!"created".equals(e.action)) {
            return ignored("issue_comment." + e.action + " is not acted on");
        }
        JsonNode comment = e.payload.path("comment");
        Optional<Command> command = Command.parse(UntrustedText.clean(comment.path("body").asText("")), config.commandPrefix());
        if (command.isEmpty()) {
            return ignored("the comment holds no " + config.commandPrefix() + " command");
        }
        if ("Bot".equals(comment.path("user").path("type").asText()) && !config.allowBots()) {
            return ignored("the comment's author is a bot");
        }
        String association = comment.path("author_association").asText("NONE");
        if (!trusted(association)) {
            return ignored("commands from author_association " + association + " are not honoured (trusted: "
                    + String.join(",", new TreeSet<>(config.trustedAssociations())) + ")");
        }
        Command cmd = command.get();
        if (cmd.kind() == null) {
            return ignored("unknown command '" + cmd.verb() + "'; known: " + String.join(", ", Command.VERBS));
        }
        return issueJob(e, e.payload.path("issue"), cmd.verb(), cmd.paths(), comment);
    }

    private WebhookMapping issueJob(Event e, JsonNode issue, String verb, List<String> commandPaths, JsonNode comment) {
        JsonNode repository = e.payload.path("repository");
        String fullName = repository.path("full_name").asText();
        int number = issue.path("number").asInt();
        boolean onPullRequest = issue.path("pull_request").isObject();
        String rawTitle = issue.path("title").asText("");
        String rawBody = issue.path("body").asText("");
        String rawComment = comment == null ? "" : comment.path("body").asText("");
        boolean onPullRequestWithoutPaths = issue.path("pull_request").isObject() && commandPaths.isEmpty();
        // On a pull request a bare command means its changed files, not whatever its description mentions.
        List<String> paths = !commandPaths.isEmpty() || onPullRequestWithoutPaths ? commandPaths
                : PathMentions.in(UntrustedText.clean(rawTitle) + "\n" + UntrustedText.clean(rawBody), config.maxPathsPerJob());
        Command cmd = Command.forVerb(verb);
        JobDraft.RefRange changed = null;
        String baseRef = repository.path("default_branch").asText("HEAD");
        if (onPullRequest) {
            baseRef = "refs/pull/" + number + "/head";
            if (paths.isEmpty()) {
                changed = new JobDraft.RefRange(repository.path("default_branch").asText("HEAD"), baseRef);
            }
        } else if (paths.isEmpty()) {
            return ignored("issue #" + number + " names no file to change; name the files in the issue or the command, e.g. "
                    + config.commandPrefix() + " fix src/Widget.java");
        }
        String what = (onPullRequest ? "pull request #" : "issue #") + number;
        String instructions = cmd.instructionsFor(what, fullName, UntrustedText.clean(rawTitle), UntrustedText.clean(rawBody),
                UntrustedText.clean(rawComment));
        String key = "github:" + fullName + "#" + number + ":" + cmd.verb() + (commandPaths.isEmpty() ? "" : ":" + pathsKey(commandPaths));
        String reference = comment != null ? comment.path("html_url").asText(null) : issue.path("html_url").asText(null);
        JobRequest request = new JobRequest(cmd.kind(), cloneUrl(repository), baseRef, paths, truncate(instructions), null, cmd.lane(),
                new JobSource("github", e.sender, reference), key);
        String audit = rawTitle + "\n\n" + rawBody + (comment == null ? "" : "\n\n---\n" + rawComment);
        return act(e, fullName, new JobDraft(request, changed, null, audit));
    }

    private WebhookMapping pullRequest(Event e) {
        JsonNode pr = e.payload.path("pull_request");
        int number = pr.path("number").asInt();
        boolean labeledNow = "labeled".equals(e.action);
        if (!List.of("opened", "synchronize", "reopened", "labeled").contains(e.action)) {
            return ignored("pull_request." + e.action + " is not acted on");
        }
        if (labeledNow && !config.triggerLabel().equals(e.payload.path("label").path("name").asText())) {
            return ignored("label " + e.payload.path("label").path("name").asText() + " is not " + config.triggerLabel());
        }
        if (!hasLabel(pr, config.triggerLabel())) {
            return ignored("pull request #" + number + " has no " + config.triggerLabel() + " label");
        }
        String association = pr.path("author_association").asText("NONE");
        if (!labeledNow && !trusted(association)) {
            return ignored("the pull request author's association " + association + " is not trusted to start jobs");
        }
        if (pr.path("head").path("ref").asText("").startsWith("patchlane/")) {
            return ignored("pull request #" + number + " is patchlane's own");
        }
        JsonNode repository = e.payload.path("repository");
        String fullName = repository.path("full_name").asText();
        String head = pr.path("head").path("sha").asText();
        String base = pr.path("base").path("sha").asText();
        String rawTitle = pr.path("title").asText("");
        String rawBody = pr.path("body").asText("");
        Command cmd = Command.forVerb("tests");
        String instructions = cmd.instructionsFor("pull request #" + number, fullName, UntrustedText.clean(rawTitle),
                UntrustedText.clean(rawBody), "");
        JobRequest request = new JobRequest(JobKind.TEST_GENERATION, cloneUrl(repository), head, List.of(), truncate(instructions), null,
                null, new JobSource("github", e.sender, pr.path("html_url").asText(null), commitOrNull(head)),
                "github:" + fullName + "#" + number + ":tests@" + head);
        return act(e, fullName, new JobDraft(request, new JobDraft.RefRange(base, head), null, rawTitle + "\n\n" + rawBody));
    }

    private WebhookMapping checkRun(Event e) {
        JsonNode run = e.payload.path("check_run");
        if ("requested_action".equals(e.action)) {
            return DeepRetryMapping.map(e.deliveryId, e.payload, e.sender, cloneUrl(e.payload.path("repository")), e.receivedAt);
        }
        if (!"completed".equals(e.action)) {
            return ignored("check_run." + e.action + " is not acted on");
        }
        String conclusion = run.path("conclusion").asText("");
        if (!config.failingConclusions().contains(conclusion)) {
            return ignored("check run " + run.path("name").asText() + " concluded " + conclusion);
        }
        int annotations = run.path("output").path("annotations_count").asInt(0);
        String annotationsUrl = run.path("output").path("annotations_url").asText("");
        if (annotations == 0 || annotationsUrl.isEmpty()) {
            return ignored("check run " + run.path("name").asText() + " failed without annotations; there are no findings to fix");
        }
        Optional<String> foreign = foreignCode(run, e.payload.path("repository").path("id").asLong());
        if (foreign.isPresent()) {
            return ignored(foreign.get());
        }
        if (run.path("check_suite").path("head_branch").asText("").startsWith("patchlane/")) {
            return ignored("check run on patchlane's own branch " + run.path("check_suite").path("head_branch").asText());
        }
        JsonNode repository = e.payload.path("repository");
        String fullName = repository.path("full_name").asText();
        String tool = run.path("app").path("name").asText(run.path("name").asText("a check"));
        String instructions = "Fix the findings the check run '" + run.path("name").asText() + "' (" + tool + ") reported on "
                + fullName + ". Change nothing else.";
        JobRequest request = new JobRequest(JobKind.LINT_FIX, cloneUrl(repository), run.path("head_sha").asText(), List.of(),
                instructions, null, null, new JobSource("github", e.sender, run.path("html_url").asText(null), commitOrNull(run.path("head_sha").asText())),
                "github:" + fullName + ":check-run:" + run.path("id").asLong() + "@" + run.path("head_sha").asText());
        return act(e, fullName, new JobDraft(request, null, annotationsUrl, run.path("output").path("text").asText("")));
    }

    /**
     * Check runs come from CI apps (bots), so the trust rules for people do not apply; instead only code on this
     * repository's own branches is acted on: a fork's pull request runs CI here on code (and findings) its author controls.
     */
    private static Optional<String> foreignCode(JsonNode run, long repositoryId) {
        JsonNode pullRequests = run.path("pull_requests");
        for (JsonNode pr : pullRequests) {
            if (pr.path("head").path("repo").path("id").asLong(-1) != repositoryId) {
                return Optional.of("check run on pull request #" + pr.path("number").asInt() + " from a fork");
            }
        }
        if (pullRequests.isEmpty() && run.path("check_suite").path("head_branch").asText("").isEmpty()) {
            return Optional.of("check run not on a branch of this repository (GitHub leaves a fork's pull requests out)");
        }
        return Optional.empty();
    }

    private WebhookMapping act(Event e, String fullName, JobDraft draft) {
        return new WebhookMapping.Act(new WebhookDelivery(WebhookDelivery.SCHEMA_VERSION, e.deliveryId, e.name, e.action, fullName,
                e.sender, e.receivedAt, List.of(draft)));
    }

    private boolean trusted(String association) {
        return config.trustedAssociations().contains(association.toUpperCase(Locale.ROOT));
    }

    private String cloneUrl(JsonNode repository) {
        String fullName = repository.path("full_name").asText();
        return config.cloneUrls().getOrDefault(fullName, repository.path("clone_url").asText());
    }

    private static boolean hasLabel(JsonNode labelled, String label) {
        for (JsonNode node : labelled.path("labels")) {
            if (label.equals(node.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The command's paths in a key of bounded length: listed when short, hashed when long. */
    private static String pathsKey(List<String> paths) {
        String listed = String.join(",", new TreeSet<>(paths));
        if (listed.length() <= 200) {
            return listed;
        }
        return "sha256:" + Digests.sha256Hex(List.of(listed));
    }

    /** A commit id as the status contract takes it, or null: a malformed one is left out rather than refusing the event. */
    private static String commitOrNull(String sha) {
        return sha != null && sha.matches("[0-9a-f]{40}") ? sha : null;
    }

    private static String truncate(String text) {
        return text.length() <= MAX_INSTRUCTION_CHARS ? text : text.substring(0, MAX_INSTRUCTION_CHARS);
    }

    private static WebhookMapping ignored(String reason) {
        return new WebhookMapping.Ignored(reason);
    }

    private record Event(String name, String action, JsonNode payload, String sender, String deliveryId, Instant receivedAt) {
    }
}
