package dev.patchlane.ingest.github;

import static dev.patchlane.ingest.github.GithubFixtures.delivery;
import static dev.patchlane.ingest.github.GithubFixtures.map;
import static dev.patchlane.ingest.github.GithubFixtures.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.SchemaValidator;
import dev.patchlane.contracts.WebhookDelivery;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the mapper writes to Kafka must pass the schema the delivery processor reads it with. */
class GithubEventMapperContractTest {

    private static List<String> violations(WebhookDelivery delivery) {
        return SchemaValidator.instance().violations(ContractSchema.WEBHOOK_DELIVERY, Json.tree(delivery));
    }

    @ParameterizedTest
    @CsvSource({"issues,issues-opened-labeled.json", "issues,issues-labeled.json", "issue_comment,issue-comment-fix.json",
            "issue_comment,issue-comment-on-pr-tests.json", "pull_request,pull-request-opened-labeled.json",
            "pull_request,pull-request-synchronize.json", "check_run,check-run-completed-failure.json"})
    void everyFixtureDeliveryIsValid(String event, String fixture) {
        assertEquals(List.of(), violations(delivery(map(event, payload(fixture)))));
    }

    @Test
    void commandNamingManyFilesIsStillAValidDelivery() {
        String paths = IntStream.range(0, 20).mapToObj(i -> "src/main/java/com/example/widgets/WidgetRenderer" + i + ".java")
                .collect(Collectors.joining(" "));
        ObjectNode payload = payload("issue-comment-fix.json");
        ((ObjectNode) payload.path("comment")).put("body", "/patchlane fix " + paths);
        WebhookDelivery delivery = delivery(map("issue_comment", payload));
        assertEquals(20, delivery.drafts().get(0).request().targetPaths().size());
        assertEquals(List.of(), violations(delivery));
    }
}
