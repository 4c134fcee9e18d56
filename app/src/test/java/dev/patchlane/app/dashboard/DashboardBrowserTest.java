package dev.patchlane.app.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Git;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real headless Chromium (Debian's, through its chromedriver) on the real pipeline: a batch is driven
 * through the embedded broker, the pages must show it, a job submitted after the overview was opened must arrive on it
 * live, a hostile job's markup must stay text, a migration must show its bars and be cancelled from its button, and axe-core
 * must find no serious or critical violation on any page. Screenshots go to {@code app/target/dashboard-screenshots/}.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String HOSTILE = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">";

    private static WebDriver browser;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void startChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (apt-get install chromium chromium-driver; .ci/run does): the dashboard's browser test is skipped");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: the build runs as root here, where Chromium's own sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600",
                "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theDashboardShowsABatchLiveAndPassesAnAccessibilityCheck() throws Exception {
        // Signing in: a page asks for a token first, a wrong one is refused with the reason, the right one sets the cookie.
        browser.get(url("/dashboard"));
        assertTrue(browser.getCurrentUrl().endsWith("/dashboard/login"), browser.getCurrentUrl());
        accessible("login");
        signIn("pl_not-a-token");
        assertTrue(text(By.id("login-error")).contains("refused"), text(By.id("login-error")));
        signIn(Tokens.ACME);
        assertTrue(browser.getCurrentUrl().endsWith("/dashboard"), browser.getCurrentUrl());

        String run = UUID.randomUUID().toString().substring(0, 8);
        Path hostileRepository = hostileRepository(run);
        List<String> ids = new ArrayList<>();
        // A batch small enough for a quick test: lint fixes on the fast lane, and a bug only the deep lane solves (the cascade).
        List<JobRequest> plan = TestPipeline.prepared().plan().jobs();
        List<JobRequest> batch = new ArrayList<>(plan.stream().filter(j -> j.kind() == JobKind.LINT_FIX).limit(3).toList());
        batch.add(plan.stream().filter(j -> j.kind() == JobKind.ISSUE && j.laneHint() == Lane.FAST).findFirst().orElseThrow());
        for (JobRequest job : batch) {
            ids.add(Jobs.submit(new JobRequest(job.kind(), job.repository(), job.baseRef(), job.targetPaths(), job.instructions(),
                    job.outputSchema(), job.laneHint(), job.source(), job.idempotencyKey() + "-dashboard-" + run)));
        }
        String hostile = Jobs.submit(new JobRequest(JobKind.LINT_FIX, hostileRepository.toString(), "main", List.of("page.html"),
                "Fix the lint findings. " + HOSTILE, null, Lane.FAST, new JobSource("ci-bot", "dashboard-test", null), "dashboard-hostile-" + run));
        ids.add(hostile);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> Jobs.allTerminal(ids));
        browser.get(url("/dashboard"));
        JobStatus hostileStatus = Jobs.status(hostile);
        assertEquals(JobState.PUBLISHED, hostileStatus.state(), hostileStatus.toString());
        JobStatus deep = Jobs.status(ids.get(3));
        assertEquals(JobState.PUBLISHED, deep.state(), deep.toString());
        assertNotNull(deep.agent(), "escalated to the deep lane's agent: " + deep);
        long publishedJobs = ids.stream().map(Jobs::status).filter(s -> s.state() == JobState.PUBLISHED).count();
        browser.get(url("/dashboard"));

        // The overview, rendered on the server: the batch's jobs and their figures.
        WebElement published = browser.findElement(By.cssSelector("#counts tr[data-state='PUBLISHED'] td[data-lane='total']"));
        assertTrue(Long.parseLong(published.getText()) >= publishedJobs, "published jobs counted: " + published.getText());
        assertEquals("PUBLISHED", text(By.cssSelector("#recent tr[data-job='" + hostile + "'] [data-field='state']")));
        assertTrue(text(By.id("escalation")).contains("jobs routed fast"), text(By.id("escalation")));
        assertFalse(browser.findElements(By.cssSelector("#chart canvas")).isEmpty(), "uPlot drew the chart");

        // The hostile job's page: its markup is text, in the instructions and in the rendered diff; nothing ran.
        browser.get(url("/dashboard/jobs/" + hostile));
        assertEquals("PUBLISHED", text(By.cssSelector("#job-state")));
        assertTrue(text(By.id("live")).contains("has ended"), "no stream opened for a job that has ended: " + text(By.id("live")));
        assertTrue(text(By.id("instructions")).contains(HOSTILE), text(By.id("instructions")));
        List<String> added = browser.findElements(By.cssSelector("pre.diff .d-add")).stream().map(WebElement::getText).toList();
        assertTrue(added.contains("+<script>window.__pwned = 1</script>"), added.toString());
        assertEquals(List.of(), browser.findElements(By.cssSelector("main img")), "no element from the job's text");
        assertEquals(0L, js("return document.querySelectorAll('main script:not([type=\"application/json\"])').length;"));
        assertEquals(null, js("return window.__pwned === undefined ? null : String(window.__pwned);"), "no script of the job ran");
        List<String> timeline = browser.findElements(By.cssSelector("#timeline .state")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("SUBMITTED", "ROUTED", "RUNNING", "PATCH_READY", "PUBLISHED"), timeline);
        String attempt = text(By.cssSelector("article.attempt"));
        assertTrue(attempt.contains("Attempt 1: fast lane, PATCH_READY") && attempt.contains("emulator") && attempt.contains("tok/s")
                && attempt.contains("Time to first token"), attempt);
        assertTrue(text(By.id("publication")).contains(hostileStatus.publication().branch()), text(By.id("publication")));
        screenshot("job-hostile");
        accessible("job");

        // The escalated job's page: both attempts, the route decisions' reasons, the agent's steps and their checks.
        browser.get(url("/dashboard/jobs/" + deep.jobId()));
        String deepAttempts = text(By.id("attempts"));
        assertTrue(deepAttempts.contains("Attempt 1: fast lane"), deepAttempts);
        assertTrue(deepAttempts.contains("Attempt 2: deep lane, PATCH_READY") && deepAttempts.contains("Routed deep because")
                && deepAttempts.contains("run_check"), deepAttempts);
        assertTrue(text(By.id("timeline")).contains("ESCALATED"), text(By.id("timeline")));
        screenshot("job-deep");

        // Migrations: a bar per repository, live progress, and the cancel button calling DELETE /migrations/{id}.
        Path settings = migrationRepository(run);
        String migration = "dashboard-" + run;
        Response accepted = Jobs.as(Tokens.ACME).contentType("application/yaml").body(("id: " + migration + "\n"
                + "name: rename <b>legacyTimeout</b>\n"
                + "instructions: |\n  Rename the setting.\n  rewrite: legacyTimeout -> requestTimeout\n"
                + "repositories:\n  - url: " + settings + "\n    ref: main\n"
                + "include: ['**/*.txt']\ngranularity: {unit: FILE}\nmaxInFlight: 1\n").getBytes(StandardCharsets.UTF_8)).post("/migrations");
        assertEquals(202, accepted.statusCode(), accepted.asString());
        browser.get(url("/dashboard/migrations"));
        String section = "section[data-migration='" + migration + "']";
        assertTrue(text(By.cssSelector(section + " h2")).contains("rename <b>legacyTimeout</b>"), "the name is text");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                !browser.findElements(By.cssSelector(section + " tr[data-repository] progress")).isEmpty()
                        && text(By.cssSelector(section + " [data-field='summary']")).matches("[1-9]\\d* of \\d+ jobs ended.*"));
        screenshot("migrations");
        accessible("migrations");
        browser.findElement(By.cssSelector(section + " button[data-cancel]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> text(By.id("live")).contains("cancelled"));
        assertNotNull(Jobs.as(Tokens.ACME).get("/migrations/" + migration).jsonPath().getString("cancelledAt"), "cancelled through the page");

        // A job submitted after the overview was loaded arrives over the event stream, without a reload.
        browser.get(url("/dashboard"));
        await().atMost(Duration.ofSeconds(10)).until(() -> text(By.id("live")).startsWith("Live"));
        js("window.__loadedOnce = 'yes';");
        JobRequest sample = TestPipeline.prepared().plan().jobs().stream().filter(j -> j.kind() == JobKind.LINT_FIX).findFirst().orElseThrow();
        String late = Jobs.submit(new JobRequest(sample.kind(), sample.repository(), sample.baseRef(), sample.targetPaths(), sample.instructions(),
                null, Lane.FAST, sample.source(), "dashboard-late-" + run));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                !browser.findElements(By.cssSelector("#recent tr[data-job='" + late + "']")).isEmpty()
                        && text(By.cssSelector("#recent tr[data-job='" + late + "'] [data-field='state']")).equals("PUBLISHED"));
        assertEquals("yes", js("return window.__loadedOnce;"), "the page was updated in place, not reloaded");
        assertTrue(((Number) js("return window.patchlaneDashboard.updates;")).longValue() >= 3, "one update per transition of the late job");
        screenshot("overview");
        accessible("overview");

        // The routing statistics page: server-rendered tables, no script of its own; a non-admin sees the kind levels alone.
        browser.get(url("/dashboard/routing"));
        assertTrue(text(By.id("level-3")).contains("any"), text(By.id("level-3")));
        assertTrue(browser.findElements(By.id("level-0")).isEmpty(), "no repository level for a tenant's token");
        screenshot("routing");
        accessible("routing");
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndChangesNeedTheDashboardHeader() {
        Response signedIn = RestAssured.given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("token", Tokens.ACME).post("/dashboard/login");
        assertEquals(303, signedIn.statusCode(), signedIn.asString());
        String setCookie = signedIn.getHeader("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"), setCookie);
        String session = signedIn.getCookie("patchlane_session");
        assertEquals(200, RestAssured.given().cookie("patchlane_session", session).get("/jobs?limit=1").statusCode(), "the cookie reads");
        Response withoutHeader = RestAssured.given().cookie("patchlane_session", session).delete("/migrations/no-such-migration");
        assertEquals(401, withoutHeader.statusCode(), "a cross-site form could send the cookie, but not the header");
        assertTrue(withoutHeader.asString().contains("X-Patchlane-Dashboard"), withoutHeader.asString());
        assertEquals(404, RestAssured.given().cookie("patchlane_session", session).header("X-Patchlane-Dashboard", "1")
                .delete("/migrations/no-such-migration").statusCode());
        assertEquals(403, RestAssured.given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example").formParam("token", Tokens.ACME).post("/dashboard/login").statusCode(),
                "a sign-in posted from another site");
        assertEquals(400, RestAssured.given().contentType("application/x-www-form-urlencoded").formParam("token", "x".repeat(513))
                .post("/dashboard/login").statusCode(), "an oversized token");
        assertEquals(400, RestAssured.given().contentType("application/x-www-form-urlencoded").formParam("token", "pl_a;b=c")
                .post("/dashboard/login").statusCode(), "a token that would break the cookie");
        assertEquals(303, RestAssured.given().redirects().follow(false).cookie("patchlane_session", "pl_revoked-or-unknown")
                .get("/dashboard").statusCode(), "a stale cookie is sent to sign in again");
        Map<String, String> page = Map.of("page", RestAssured.given().cookie("patchlane_session", session).get("/dashboard").asString());
        assertTrue(page.get("page").contains("Jobs by state and lane"), "signed in with the cookie alone");
        assertEquals("default-src 'self'", RestAssured.given().cookie("patchlane_session", session).get("/dashboard")
                .getHeader("Content-Security-Policy").split(";")[0]);
    }

    private void signIn(String token) {
        browser.get(url("/dashboard/login"));
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("form.login button[type='submit']")).click();
        // A click does not wait for the form's navigation: wait until the old page is gone.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try {
                page.isDisplayed();
                return false;
            } catch (StaleElementReferenceException e) {
                return true;
            }
        });
    }

    /** axe-core in the page: no violation of serious or critical impact. */
    private void accessible(String name) throws IOException {
        String axe = System.getProperty("dashboard-test.axe-script", "src/test/axe/node_modules/axe-core/axe.min.js");
        Path script = Path.of(axe);
        assumeTrue(Files.isReadable(script), "axe-core is not installed (" + script + "; app/src/test/axe/install.sh needs npm): "
                + "the accessibility check of the dashboard is skipped");
        js(Files.readString(script));
        Object result = ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "axe.run(document, { resultTypes: ['violations'] }).then(function (r) {"
                        + "  done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })"
                        + "    .map(function (v) { return v.id + ' (' + v.impact + '): ' + v.help + ' at '"
                        + "      + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); }));"
                        + "}, function (e) { done(['axe failed: ' + e]); });");
        assertEquals(List.of(), result, "axe-core on the " + name + " page");
    }

    private void screenshot(String name) throws IOException {
        Path dir = Path.of(System.getProperty("dashboard-test.screenshots-dir", "target/dashboard-screenshots"));
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static String text(By by) {
        List<WebElement> found = browser.findElements(by);
        if (found.isEmpty()) {
            throw new AssertionError("no " + by + " on " + browser.getCurrentUrl() + ":\n" + browser.getPageSource());
        }
        return found.get(0).getText().strip();
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    /** A repository whose one file holds markup with trailing whitespace, so the lint fix's diff carries it. */
    private static Path hostileRepository(String run) throws IOException {
        Path dir = TestPipeline.dataDir().resolve("dashboard-hostile-" + run);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("page.html"), "<script>window.__pwned = 1</script>   \n<img src=x onerror=\"window.__pwned = 2\">\t\n");
        Git.run(dir, "init", "-q", "-b", "main");
        Git.run(dir, "add", ".");
        Git.run(dir, "commit", "-q", "-m", "page");
        return dir;
    }

    private static Path migrationRepository(String run) throws IOException {
        Path dir = TestPipeline.dataDir().resolve("dashboard-migration-" + run);
        for (int i = 0; i < 6; i++) {
            Path file = dir.resolve("config/settings" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "timeout = legacyTimeout\n");
        }
        Git.run(dir, "init", "-q", "-b", "main");
        Git.run(dir, "add", ".");
        Git.run(dir, "commit", "-q", "-m", "settings");
        return dir;
    }
}
