package dev.patchlane.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.JobDraft;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.SchemaValidator;
import dev.patchlane.contracts.WebhookDelivery;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

class GithubEventMapperFuzzTest {

    private static final String[] EVENTS = {"issues", "issue_comment", "pull_request", "check_run", "ping", "star", "push", "",
            "pull_request_review", "check_suite"};
    private static final String[] FIXTURES = {"issues-opened-labeled.json", "issues-labeled.json", "issue-comment-fix.json",
            "issue-comment-on-pr-tests.json", "issue-comment-untrusted.json", "pull-request-opened-labeled.json",
            "check-run-completed-failure.json"};
    // Fields a sender controls, or that change which branch the mapper takes.
    private static final String[][] FIELDS = {{"comment", "body"}, {"issue", "body"}, {"issue", "title"}, {"pull_request", "body"},
            {"pull_request", "title"}, {"action"}, {"comment", "author_association"}, {"issue", "author_association"},
            {"label", "name"}, {"repository", "full_name"}, {"repository", "default_branch"}, {"check_run", "conclusion"},
            {"sender", "type"}, {"comment", "user", "type"}};
    private static final GithubEventMapper MAPPER = GithubFixtures.mapper();
    private static final Map<String, ObjectNode> PAYLOADS = Arrays.stream(FIXTURES)
            .collect(Collectors.toMap(f -> f, GithubFixtures::payload));

    @FuzzTest(maxDuration = "30s")
    void fuzz(FuzzedDataProvider data) {
        String event = data.pickValue(EVENTS);
        JsonNode payload = data.consumeBoolean() ? raw(data) : edited(data);
        if (payload == null || !payload.isObject()) {
            return;
        }
        WebhookMapping mapping = MAPPER.map(event, "fuzz-delivery", payload, Instant.EPOCH);
        assertNotNull(mapping);
        if (mapping instanceof WebhookMapping.Ignored ignored) {
            assertTrue(ignored.reason() != null && !ignored.reason().isBlank(), "an Ignored must say why");
            return;
        }
        if (mapping instanceof WebhookMapping.Retry retry) {
            // shape-checked only; DeepRetries judges it against the job and the sender
            assertTrue(retry.request().jobId().matches("[0-9a-f-]{36}"), retry.toString());
            return;
        }
        WebhookDelivery delivery = ((WebhookMapping.Act) mapping).delivery();
        assertFalse(delivery.drafts().isEmpty());
        for (JobDraft draft : delivery.drafts()) {
            draft.request().targetPaths().forEach(GithubEventMapperFuzzTest::assertSafe);
        }
        List<String> pathViolations = SchemaValidator.instance().violations(ContractSchema.WEBHOOK_DELIVERY, Json.tree(delivery)).stream()
                .filter(v -> v.contains(".targetPaths")).toList();
        assertEquals(List.of(), pathViolations);
    }

    private static JsonNode raw(FuzzedDataProvider data) {
        try {
            return Json.mapper().readTree(data.consumeRemainingAsBytes());
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode edited(FuzzedDataProvider data) {
        ObjectNode payload = PAYLOADS.get(data.pickValue(FIXTURES)).deepCopy();
        for (int i = 0; i < 4 && data.remainingBytes() > 0; i++) {
            String[] field = data.pickValue(FIELDS);
            ObjectNode parent = payload;
            for (int depth = 0; depth < field.length - 1; depth++) {
                JsonNode child = parent.path(field[depth]);
                parent = child.isObject() ? (ObjectNode) child : parent.putObject(field[depth]);
            }
            parent.put(field[field.length - 1], data.consumeString(500));
        }
        return payload;
    }

    private static void assertSafe(String path) {
        assertFalse(path.isEmpty() || path.startsWith("/") || path.contains("\\"), path);
        assertTrue(path.chars().noneMatch(c -> c < 0x20 || c == 0x7f), path);
        for (String segment : path.split("/", -1)) {
            assertFalse(segment.isEmpty() || segment.equals("..") || segment.equals(".")
                    || segment.toLowerCase(Locale.ROOT).equals(".git"), path);
        }
    }
}
