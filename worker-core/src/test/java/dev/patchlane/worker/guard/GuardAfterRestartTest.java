package dev.patchlane.worker.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeCollector;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.DecodeResult;
import dev.patchlane.decoding.Decoder;
import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A restarted stream (DecodeEvent.Restarted) starts its text afresh; the guards must read the new attempt from its
 * start, even when its first chunk is longer than what the failed attempt had produced.
 */
class GuardAfterRestartTest {

    private static final String DIFF = """
            Removed trailing whitespace.
            ```diff
            --- a/src/Main.java
            +++ b/src/Main.java
            @@ -1,2 +1,2 @@
            -int x = 1;\s
            +int x = 1;
             int y = 2;
            ```
            """;

    @Test
    void aValidDiffAfterARestartIsNotCancelled() {
        // the failed attempt got into the hunk; the new one arrives in one big chunk
        // (a regenerated reply differs: here its prose line is shorter, so old offsets point elsewhere)
        String partial = "Trailing whitespace in Main.java is removed below.\n" + DIFF.substring(DIFF.indexOf("```diff"), DIFF.indexOf("-int x"));
        DecodeResult result = DecodeCollector.collect(decoder(partial, DIFF), request(),
                ReplyGuards.forJob(job(JobKind.LINT_FIX, null), 400), Duration.ofSeconds(10));
        assertNull(result.abortReason(), result.abortReason());
        assertEquals(DIFF, result.text());
        assertEquals(1, result.restarts());
    }

    @Test
    void validJsonAfterARestartIsNotCancelled() {
        String json = "{\"summary\": \"ok\", \"files\": [\"a\", \"b\"], \"note\": \"fine\"}";
        DecodeResult result = DecodeCollector.collect(decoder("{\"files\": [\"a\", ", json), request(),
                ReplyGuards.forJob(job(JobKind.ISSUE, Json.mapper().createObjectNode().put("type", "object")), 400),
                Duration.ofSeconds(10));
        assertFalse(result.aborted(), result.abortReason());
        assertEquals(json, result.text());
    }

    private static Decoder decoder(String firstAttempt, String secondAttempt) {
        return new Decoder() {
            @Override
            public Multi<DecodeEvent> stream(DecodeRequest request) {
                return Multi.createFrom().items(new DecodeEvent.Chunk(firstAttempt, 10),
                        new DecodeEvent.Restarted(2, "STREAM_CUT: cut"), new DecodeEvent.Chunk(secondAttempt, 30),
                        new DecodeEvent.Finished(new Usage(5, 30), "stop", "model"));
            }

            @Override
            public DecoderInfo describe() {
                return new DecoderInfo("test", "m", false, "model", "here", null);
            }
        };
    }

    private static DecodeRequest request() {
        return new DecodeRequest(List.of(ChatMessage.user("fix it")), 100, null);
    }

    private static Job job(JobKind kind, com.fasterxml.jackson.databind.JsonNode schema) {
        return new Job(Job.SCHEMA_VERSION, "0b0e7a52-0000-3000-8000-000000000001", kind, "/tmp/repo", "main", List.of("src/Main.java"),
                "fix it", schema, null, new JobSource("api", "test", null), "k", Instant.EPOCH);
    }
}
