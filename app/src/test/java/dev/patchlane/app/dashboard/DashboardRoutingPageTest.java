package dev.patchlane.app.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.app.support.TopicReader;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Json;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.stats.LaneTally;
import dev.patchlane.pipeline.stats.RouteStats;
import dev.patchlane.pipeline.stats.RoutingStatsView;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The routing statistics page over the real socket, in the default profile (no Quarkus start of its own, and no browser
 * needed): sign-in, an admin's repository levels a read-only token does not get, figures a real job put on the
 * statistics topic, and hostile keys written to that topic shown as text.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class DashboardRoutingPageTest {

    private static final String HOSTILE_REPOSITORY = "/tmp/<script>window.__pwned = 1</script>";
    private static final String HOSTILE_KIND = "<img src=x onerror=\"window.__pwned = 2\">";

    @Inject
    RoutingStatsView view;

    @Inject
    TopicNames topics;

    @Test
    void theRoutingPageShowsEachLevelScopedToTheCallerWithItsKeysAsText() {
        Response anonymous = RestAssured.given().redirects().follow(false).get("/dashboard/routing");
        assertEquals(303, anonymous.statusCode(), anonymous.asString());
        assertTrue(anonymous.getHeader("Location").endsWith("/dashboard/login"), anonymous.getHeader("Location"));

        // Real figures: one job through the pipeline, folded into the statistics topic by the router's writer.
        String run = UUID.randomUUID().toString().substring(0, 8);
        String repository = TestPipeline.prepared().plan().repository().toString();
        long before = view.summary("all").outcomes();
        String id = Jobs.submit(new JobRequest(JobKind.LINT_FIX, repository, "main", List.of("README.md"), "Fix the lint findings.", null, null,
                new JobSource("ci-bot", "routing-page", null), "routing-page-" + run));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> Jobs.allTerminal(List.of(id)));
        await().atMost(Duration.ofSeconds(30)).until(() -> view.summary("all").outcomes() > before);

        // Hostile keys, as any client of the cluster could write them: a repository level and a kind level holding markup.
        String hostileFine = "LINT_FIX|" + HOSTILE_REPOSITORY + run + "|S|none";
        String hostileKind = HOSTILE_KIND + run;
        long skipped = view.skipped();
        write(hostileFine);
        write(hostileKind);
        TopicReader.write(EmbeddedKafkaResource.bootstrapServers(), topics.routingStats(), "<b>junk</b>#0",
                "<script>not a record</script>".getBytes(StandardCharsets.UTF_8));
        assertTrue(view.awaitCaughtUp(Duration.ofSeconds(30)));
        assertEquals(3, view.summary(hostileFine).outcomes());
        assertEquals(skipped + 1, view.skipped());

        String admin = page(signIn(Tokens.ADMIN));
        assertTrue(admin.contains("id=\"level-0\"") && admin.contains("id=\"level-1\"") && admin.contains("id=\"level-3\""), admin);
        assertTrue(admin.contains(">" + repository + "<"), "the admin sees the job's repository level");
        assertTrue(admin.contains("&lt;script&gt;window.__pwned = 1&lt;/script&gt;" + run), "the hostile repository as text");
        assertTrue(admin.contains("&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;" + run), "the hostile kind as text");
        assertTrue(admin.contains("<dd id=\"skipped\">" + view.skipped() + "</dd>"), admin);
        assertTrue(admin.contains("id=\"last-skip\""), "an admin sees why the last record was skipped");
        assertTrue(admin.contains("yes, every record written before this process started is read"), admin);
        assertTrue(admin.contains("aria-current=\"page\">Routing</a>"), "the nav marks the page");
        assertNoMarkupFromTheTopic(admin);

        String reader = page(signIn(Tokens.ACME_READ_ONLY));
        assertFalse(reader.contains("id=\"level-0\"") || reader.contains("id=\"level-1\""), "no repository level for a read-only token");
        assertFalse(reader.contains(repository) || reader.contains("__pwned = 1"), "no repository named to a read-only token");
        assertFalse(reader.contains("id=\"last-skip\""), "the skip reason may quote a repository key");
        assertTrue(reader.contains("only an admin token sees them"), reader);
        assertTrue(reader.contains("id=\"level-2\"") && reader.contains("id=\"level-3\"") && reader.contains("<th scope=\"row\">LINT_FIX</th>"), reader);
        assertTrue(reader.contains("&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;" + run), "a kind level is shown, as text");
        assertNoMarkupFromTheTopic(reader);

        // The JSON resource answers from the same scoping.
        List<String> adminKeys = Jobs.as(Tokens.ADMIN).get("/routing/stats").jsonPath().getList("keys.key");
        List<String> readerKeys = Jobs.as(Tokens.ACME_READ_ONLY).get("/routing/stats").jsonPath().getList("keys.key");
        assertTrue(adminKeys.contains(hostileFine) && adminKeys.contains("LINT_FIX|" + repository), adminKeys.toString());
        assertTrue(readerKeys.contains(hostileKind) && readerKeys.contains("all"), readerKeys.toString());
        assertTrue(readerKeys.stream().noneMatch(key -> key.contains("|")), readerKeys.toString());

        String overview = RestAssured.given().cookie("patchlane_session", signIn(Tokens.ACME_READ_ONLY)).get("/dashboard").asString();
        assertTrue(overview.contains("<a href=\"/dashboard/routing\">routing statistics</a>"), "the overview links the page");
    }

    private void write(String key) {
        RouteStats stats = new RouteStats(RouteStats.SCHEMA_VERSION, key, 0, 2, 3, new LaneTally(3, 2, 300, 0.03, 3), new LaneTally(3, 2, 300, 0.03, 3), LaneTally.NONE, 1,
                Instant.now());
        TopicReader.write(EmbeddedKafkaResource.bootstrapServers(), topics.routingStats(), stats.recordKey(), Json.write(stats));
    }

    private static void assertNoMarkupFromTheTopic(String page) {
        assertFalse(page.contains("<script>window") || page.contains("<img") || page.contains("<b>junk") || page.contains("<script>not"), page);
    }

    private static String signIn(String token) {
        Response signedIn = RestAssured.given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("token", token).post("/dashboard/login");
        assertEquals(303, signedIn.statusCode(), signedIn.asString());
        return signedIn.getCookie("patchlane_session");
    }

    private static String page(String session) {
        Response page = RestAssured.given().cookie("patchlane_session", session).get("/dashboard/routing");
        assertEquals(200, page.statusCode(), page.asString());
        assertTrue(page.getHeader("Content-Security-Policy").startsWith("default-src 'self'"), page.getHeader("Content-Security-Policy"));
        return page.asString();
    }
}
