package dev.patchlane.ingest.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardValuesTest {

    @Test
    void eachLineOfADiffIsKeptAsTextWithItsKind() {
        String patch = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n keep\n-<script>old</script>\n+<script>new</script>\n";
        assertEquals(List.of(new DiffLine("file", "diff --git a/x b/x"), new DiffLine("file", "--- a/x"), new DiffLine("file", "+++ b/x"),
                new DiffLine("hunk", "@@ -1,2 +1,2 @@"), new DiffLine("context", " keep"), new DiffLine("del", "-<script>old</script>"),
                new DiffLine("add", "+<script>new</script>")), DiffLine.of(patch));
        assertEquals(List.of(new DiffLine("context", "no newline at the end")), DiffLine.of("no newline at the end"));
    }

    @Test
    void onlyHttpLocationsBecomeLinks() {
        assertEquals("https://github.com/o/r/pull/1", PublicationView.link("https://github.com/o/r/pull/1"));
        assertNull(PublicationView.link("javascript:alert(1)"));
        assertNull(PublicationView.link("JAVASCRIPT:alert(1)"));
        assertNull(PublicationView.link("data:text/html,<script>alert(1)</script>"));
        assertNull(PublicationView.link("/tmp/patches/x.patch"));
        assertNull(PublicationView.link("https://example.com/a b"));
        assertNull(PublicationView.link(null));
    }

    @Test
    void ratesAndThroughputSayWhenThereIsNothingToMeasure() {
        assertEquals("no fast attempts yet", DashboardResource.rate(0, 0));
        assertEquals("25.0% (1 of 4 jobs routed fast)", DashboardResource.rate(1, 4));
        assertEquals(0, DashboardResource.percent(3, 0));
        assertEquals(100, DashboardResource.percent(7, 7));
    }
}
