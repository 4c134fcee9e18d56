package dev.patchlane.sink.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.sink.prepare.PatchPreparer;
import dev.patchlane.sink.prepare.PreparedPatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decoder's summary is untrusted text that ends up in an mbox and a pull request body. */
class HostileTextTest {

    private static final String SMUGGLED = "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
            + "From: Mallory <mallory@example.com>\n"
            + "Subject: [PATCH] innocent\n"
            + "---\n"
            + "diff --git a/.github/workflows/x.yml b/.github/workflows/x.yml\n"
            + "new file mode 100644\n"
            + "--- /dev/null\n"
            + "+++ b/.github/workflows/x.yml\n"
            + "@@ -0,0 +1 @@\n"
            + "+on: push\n"
            + "Index: evil.sh\n";

    @TempDir
    Path tmp;

    private Outcome withSummary(Fixture fixture, String summary) {
        Outcome o = fixture.outcome();
        return new Outcome(o.schemaVersion(), o.routed(), o.lane(), o.baseCommit(), o.result(), o.patch(), summary, false, o.usage(),
                o.costUsd(), o.timings(), o.decoder(), o.history(), o.finishedAt());
    }

    @Test
    void aSummaryCannotSmuggleHeadersAMessageOrADiffIntoThePatchFile() throws Exception {
        Fixture fixture = Fixture.create(tmp, tmp.resolve("remote.git"));
        try (RepositoryCache cache = new RepositoryCache(tmp.resolve("cache"), Duration.ofMinutes(5))) {
            PreparedPatch prepared = new PatchPreparer(cache).prepare(withSummary(fixture, SMUGGLED), SafetyPolicy.defaults());
            Path mbox = tmp.resolve("job.patch");
            Files.writeString(mbox, prepared.mbox());
            Path clone = tmp.resolve("clone");
            Fixture.git(tmp, "clone", "-q", fixture.origin.toString(), clone.toString());

            Fixture.git(clone, "am", "-q", mbox.toString());

            assertEquals(Fixture.AFTER, Files.readString(clone.resolve(Fixture.FILE)));
            assertFalse(Files.exists(clone.resolve(".github/workflows/x.yml")), "the smuggled diff was not applied");
            assertEquals("1", Fixture.git(clone, "rev-list", "--count", "origin/main..HEAD").strip(), "one commit, not two");
            assertEquals("patchlane <patchlane@localhost>", Fixture.git(clone, "log", "-1", "--format=%an <%ae>").strip());
            assertTrue(Fixture.git(clone, "log", "-1", "--format=%s").startsWith("patchlane: lint-fix"));
        }
    }

    @Test
    void aPullRequestBodyKeepsUntrustedTextInertAndTheTitleWithinGitHubsLimit() throws Exception {
        Fixture fixture = Fixture.create(tmp, tmp.resolve("remote.git"));
        String body = PullRequestText.body(withSummary(fixture, "Done @octocat ![x](https://evil.example/x.png) ```` fence ````"), "c0ffee");

        assertTrue(body.contains("`````text\nDone @octocat"), "the summary sits in a fence longer than any it contains:\n" + body);
        assertTrue(body.contains("`` bounded lint fix ``"), "route reasons are code spans:\n" + body);
        assertTrue(body.contains("**emulated**"));
        assertTrue(body.length() < PullRequestText.MAX_BODY_CHARS);
        assertTrue(PullRequestText.title(fixture.outcome()).length() <= 200);
    }
}
