package dev.patchlane.ingest.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.patchlane.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageJsonTest {

    @Test
    void nothingInAJobsTextCanCloseTheScriptElementOrOpenMarkup() {
        String hostile = "</script><script>alert(1)</script><!-- & \u2028\u2029 ]]>";
        String embedded = PageJson.embed(Map.of("reason", hostile, "paths", List.of("<img src=x onerror=alert(2)>")));
        for (String forbidden : List.of("<", ">", "&", "\u2028", "\u2029")) {
            assertFalse(embedded.contains(forbidden), forbidden + " in " + embedded);
        }
        Map<?, ?> back = Json.read(embedded.getBytes(StandardCharsets.UTF_8), Map.class);
        assertEquals(hostile, back.get("reason"), "the same text once parsed");
        assertEquals(List.of("<img src=x onerror=alert(2)>"), back.get("paths"));
    }
}
