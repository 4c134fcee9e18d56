package dev.patchlane.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.FileChange;
import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.codebase.UnifiedDiff;
import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.contracts.AgentRun;
import dev.patchlane.contracts.AgentStep;
import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.PublicationTarget;
import dev.patchlane.contracts.PublishEffect;
import dev.patchlane.contracts.SchemaValidator;
import dev.patchlane.contracts.Verification;
import dev.patchlane.contracts.VerificationVerdict;
import dev.patchlane.sink.OutcomePublisher.Decision;
import dev.patchlane.sink.github.GitHubStub;
import dev.patchlane.sink.github.Sleeper;
import dev.patchlane.sink.prepare.PatchPreparer;
import dev.patchlane.sink.publish.Fixture;
import dev.patchlane.sink.publish.GitHubPublisher;
import dev.patchlane.sink.publish.PatchFilePublisher;
import dev.patchlane.sink.publish.Publishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A patch's verification and agent trail travel with it: into the pull request body, the commit message and patch file
 * (as trailers git reads back after {@code git am}), and the publication record, through the sink's real path.
 */
class PublishedPatchTest {

    private static final String REPOSITORY = "acme/service";
    private static final String TOKEN = "ghs_publishedPatchTestToken00000000000000";
    private static final String TOKEN_ENV = "PL_PATCH_TEST_TOKEN";

    @TempDir
    Path tmp;

    private GitHubStub github;
    private Fixture fixture;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        github = GitHubStub.start().repository(REPOSITORY, "main").acceptToken(TOKEN);
        fixture = Fixture.create(tmp, tmp.resolve("github/" + REPOSITORY + ".git"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        github.close();
    }

    private OutcomePublisher process() {
        String route = "patchlane.publish.repositories.\"" + fixture.origin + "\".";
        Publishers publishers = new Publishers(SinkFixtures.config(Map.of(
                route + "targets", "patch-file,github",
                route + "github-repository", REPOSITORY,
                "patchlane.publish.github.api-url", github.url().toString(),
                "patchlane.publish.github.git-url", tmp.resolve("github") + "/{repository}.git",
                "patchlane.publish.github.token-env", TOKEN_ENV,
                "patchlane.publish.github.rate-limits.mutation-spacing", "PT0.01S")),
                tmp.resolve("patches"), Sleeper.real(), name -> name.equals(TOKEN_ENV) ? TOKEN : null);
        closing.add(publishers);
        RepositoryCache cache = new RepositoryCache(tmp.resolve("cache-" + closing.size()), Duration.ofMinutes(5));
        closing.add(cache);
        return new OutcomePublisher(new PatchPreparer(cache), publishers, repository -> SafetyPolicy.defaults());
    }

    private static Outcome with(Outcome o, Verification verification, AgentRun agent) {
        return new Outcome(o.schemaVersion(), o.routed(), o.lane(), o.baseCommit(), o.result(), o.patch(), o.summary(), o.escalate(), o.usage(),
                o.costUsd(), o.timings(), o.decoder(), o.history(), o.finishedAt(), verification, agent, o.document());
    }

    private static Verification lintPassesTestAlreadyFailing() {
        return new Verification(VerificationVerdict.VERIFIED, "bwrap", List.of(
                new CheckResult("lint", "checkstyle src", CheckStatus.PASSED, 0, 850, "ok\n", null, CheckStatus.PASSED),
                new CheckResult("test", "mvn -q test", CheckStatus.FAILED, 1, 12_400, "Tests run: 4, Failures: 1\n", null, CheckStatus.FAILED)),
                "lint passed; test was already failing before this patch");
    }

    private Path amInto(String name, Path patchFile) throws Exception {
        Path clone = tmp.resolve(name);
        Fixture.git(tmp, "clone", "-q", fixture.origin.toString(), clone.toString());
        Fixture.git(clone, "am", "-q", patchFile.toString());
        assertEquals(Fixture.AFTER, Files.readString(clone.resolve(Fixture.FILE)));
        return clone;
    }

    @Test
    void aVerifiedPatchCarriesItsChecksIntoThePullRequestThePatchFileAndThePublication() throws Exception {
        AgentRun agent = new AgentRun(4, 20, 9_000, 200_000, 0.004, 0.5, 21_000, 600_000, "finished",
                List.of(new AgentStep(1, "read_file", "src/Main.java", true, 40, 2, null), new AgentStep(2, "run_check", "lint", true, 3, 850, "passed")));
        Outcome outcome = with(fixture.outcome(), lintPassesTestAlreadyFailing(), agent);

        Decision decision = process().publish(outcome).orElseThrow();

        assertEquals(JobState.PUBLISHED, decision.state(), decision.reason());
        Publication publication = decision.publication();
        assertEquals(outcome.verification(), publication.verification());
        assertNull(publication.resultFile());
        assertNull(publication.document());
        assertEquals(List.of(), SchemaValidator.instance().violations(ContractSchema.PUBLICATION, Json.tree(publication)));

        String body = github.pulls().get(0).body();
        assertTrue(body.contains("### Verification"), body);
        assertTrue(body.contains("| `` test `` | `` mvn -q test `` | **failed** (exit 1) | failed: already failing before this patch | 12.4 s |"), body);
        assertTrue(body.contains("### Deep-lane agent"), body);
        assertTrue(body.contains("| 2 | `` run_check `` | `` lint `` | yes | 3 B | 850 ms | `` passed `` |"), body);

        Path clone = amInto("am", Path.of(publication.patchFile()));
        assertEquals("Verified-by: patchlane (bwrap): lint passed, test failed (already failing before this patch)",
                Fixture.git(clone, "log", "-1", "--format=%(trailers:key=Verified-by)").strip());
        assertEquals(outcome.job().id(), Fixture.git(clone, "log", "-1", "--format=%(trailers:key=Patchlane-Job,valueonly)").strip());
        String botCommit = Fixture.git(fixture.remote, "log", "-1", "--format=%B", github.pulls().get(0).head());
        assertTrue(botCommit.contains("\nVerified-by: patchlane (bwrap): lint passed, test failed"), botCommit);

        Decision again = process().publish(outcome).orElseThrow();
        assertEquals(publication.commit(), again.publication().commit(), "the same outcome makes the same commit");
        assertEquals(List.of(PublishEffect.ALREADY_PUBLISHED, PublishEffect.ALREADY_PUBLISHED),
                again.publication().targets().stream().map(PublicationTarget::effect).toList());
        assertEquals(List.of(PatchFilePublisher.NAME, GitHubPublisher.NAME),
                again.publication().targets().stream().map(PublicationTarget::publisher).toList());
    }

    @Test
    void aPatchWithNothingVerifiedSaysSoInThePullRequestAndTheTrailer() throws Exception {
        Outcome outcome = with(fixture.outcome(), Verification.notVerified("bwrap", "no checks declared"), null);

        Publication publication = process().publish(outcome).orElseThrow().publication();

        assertTrue(github.pulls().get(0).body().contains("**Not verified**: `` no checks declared ``"), github.pulls().get(0).body());
        Path clone = amInto("am", Path.of(publication.patchFile()));
        assertEquals("Verified-by: nothing (no checks declared)", Fixture.git(clone, "log", "-1", "--format=%(trailers:key=Verified-by)").strip());
    }

    @Test
    void aRefusedPatchStillSaysWhatWasVerified() throws Exception {
        Outcome outcome = with(fixture.outcome(UnifiedDiff.of(new FileChange(Fixture.FILE, "something else\n", "x\n"))),
                lintPassesTestAlreadyFailing(), null);

        Decision decision = process().publish(outcome).orElseThrow();

        assertEquals(JobState.REJECTED, decision.state());
        assertTrue(decision.publication().isRejected());
        assertEquals(outcome.verification(), decision.publication().verification());
        assertTrue(github.pulls().isEmpty());
        assertEquals(List.of(), SchemaValidator.instance().violations(ContractSchema.PUBLICATION, Json.tree(decision.publication())));
    }
}
