package dev.patchlane.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.ingest.github.retry.DeepRetryRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** check_run.requested_action, as GitHub documents the payload: only the shape of patchlane's own button is read here. */
class GithubEventMapperRetryTest {

    @Test
    void aClickOnRetryDeepNamesTheJobTheCommitAndTheSender() {
        WebhookMapping mapping = GithubFixtures.map("check_run", GithubFixtures.payload("check-run-requested-action.json"));
        DeepRetryRequest retry = assertInstanceOf(WebhookMapping.Retry.class, mapping).request();
        assertEquals("6f1d3c2e-8a4b-3c5d-9e7f-0a1b2c3d4e5f", retry.jobId());
        assertEquals("c7637689721c96164b5ef47760d2beb0029a7321", retry.headSha());
        assertEquals("octocat", retry.sender());
        assertEquals("acme/service", retry.repository());
        assertEquals("https://github.com/acme/service.git", retry.cloneUrl());
        assertEquals("https://github.com/acme/service/runs/4000001", retry.checkRunUrl());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no requested_action         | /requested_action           | DELETE | -                                | no requested_action.identifier",
        "identifier not a string     | /requested_action/identifier | NUMBER | 7                               | no requested_action.identifier",
        "identifier over 20 chars    | /requested_action/identifier | TEXT   | retry-deep-retry-deep-x          | longer than GitHub's 20",
        "another action              | /requested_action/identifier | TEXT   | merge-it                         | not one patchlane offers",
        "external_id missing         | /check_run/external_id       | DELETE | -                                | not a patchlane job id",
        "external_id not a job id    | /check_run/external_id       | TEXT   | ../../etc/passwd                 | not a patchlane job id",
        "head_sha not a commit       | /check_run/head_sha          | TEXT   | main                             | not a commit id",
        "sender a bot                | /sender/type                 | TEXT   | Bot                              | only a person",
        "sender login hostile        | /sender/login                | TEXT   | octo cat/../x                    | not a GitHub user login",
    })
    void aMalformedOrForeignClickIsIgnoredWithItsReason(String name, String pointer, String op, String value, String reason) {
        ObjectNode payload = GithubFixtures.payload("check-run-requested-action.json");
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = (ObjectNode) payload.at(pointer.substring(0, slash));
        String field = pointer.substring(slash + 1);
        switch (op) {
            case "DELETE" -> parent.remove(field);
            case "NUMBER" -> parent.put(field, Integer.parseInt(value));
            default -> parent.put(field, value);
        }
        String ignored = GithubFixtures.ignoredReason(GithubFixtures.map("check_run", payload));
        assertTrue(ignored.contains(reason), name + ": " + ignored);
    }
}
