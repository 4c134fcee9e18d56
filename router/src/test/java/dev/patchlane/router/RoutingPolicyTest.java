package dev.patchlane.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.RouteDecision;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingPolicyTest {

    private static final RouterConfig CONFIG = new RouterConfig() {
        @Override
        public Set<JobKind> fastKinds() {
            return Set.of(JobKind.LINT_FIX, JobKind.TEST_GENERATION, JobKind.MIGRATION);
        }

        @Override
        public int fastMaxFiles() {
            return 3;
        }

        @Override
        public long fastContextTokens() {
            return 128_000;
        }

        @Override
        public long deepContextTokens() {
            return 192_000;
        }

        @Override
        public List<String> securityWords() {
            return List.of("auth", "crypto", "password", "token", "secret", "sql");
        }
    };

    private final RoutingPolicy policy = new RoutingPolicy(CONFIG);

    private static Job job(JobKind kind, List<String> paths, String instructions, boolean schema, Lane hint) {
        return new Job(1, "id", kind, "/repo", "main", paths, instructions,
                schema ? JsonNodeFactory.instance.objectNode().put("type", "object") : null, hint,
                new JobSource("test", "t", null), "k", Instant.now());
    }

    private RouteDecision decide(Job job, long tokens) {
        return policy.decide(policy.features(job, tokens)).orElseThrow();
    }

    @Test
    void aBoundedLintFixGoesFast() {
        RouteDecision decision = decide(job(JobKind.LINT_FIX, List.of("a.java"), "fix lint", false, null), 900);
        assertEquals(Lane.FAST, decision.lane());
        assertTrue(decision.reasons().get(0).startsWith("bounded LINT_FIX"));
        assertEquals(900, decision.features().contextTokens());
    }

    @Test
    void issuesGoDeep() {
        assertEquals(Lane.DEEP, decide(job(JobKind.ISSUE, List.of("a.java"), "fix the bug", false, null), 900).lane());
    }

    @Test
    void structuredOutputGoesDeep() {
        RouteDecision decision = decide(job(JobKind.LINT_FIX, List.of("a.java"), "fix", true, null), 100);
        assertEquals(Lane.DEEP, decision.lane());
        assertTrue(decision.reasons().contains("structured output required (JSON Schema)"));
    }

    @Test
    void securitySensitivePathsAndWordsGoDeep() {
        RouteDecision byPath = decide(job(JobKind.LINT_FIX, List.of("src/auth/Login.java"), "fix", false, null), 100);
        assertEquals(Lane.DEEP, byPath.lane());
        assertEquals(List.of("auth"), byPath.features().securitySignals());
        RouteDecision byWord = decide(job(JobKind.MIGRATION, List.of("a.py"), "Rotate the SQL password handling", false, null), 100);
        assertEquals(List.of("password", "sql"), byWord.features().securitySignals());
    }

    @Test
    void manyFilesGoDeep() {
        assertEquals(Lane.DEEP, decide(job(JobKind.LINT_FIX, List.of("a", "b", "c", "d"), "fix", false, null), 100).lane());
        assertEquals(Lane.FAST, decide(job(JobKind.LINT_FIX, List.of("a", "b", "c"), "fix", false, null), 100).lane());
    }

    @Test
    void contextBeyondTheFastWindowGoesDeepAndBeyondTheDeepWindowIsRefused() {
        Job lint = job(JobKind.LINT_FIX, List.of("a"), "fix", false, null);
        assertEquals(Lane.FAST, decide(lint, 128_000).lane());
        assertEquals(Lane.DEEP, decide(lint, 128_001).lane());
        assertTrue(policy.decide(policy.features(lint, 192_001)).isEmpty());
        assertTrue(policy.refusal(policy.features(lint, 192_001)).contains("192000"));
    }

    @Test
    void aLaneHintOverridesWithThatReasonButNotTheFastWindow() {
        RouteDecision hinted = decide(job(JobKind.ISSUE, List.of("auth.java"), "fix", false, Lane.FAST), 100);
        assertEquals(Lane.FAST, hinted.lane());
        assertEquals(List.of("lane hint FAST from the submitter"), hinted.reasons());
        assertEquals(Lane.DEEP, decide(job(JobKind.LINT_FIX, List.of("a"), "fix", false, Lane.DEEP), 100).lane());
        assertEquals(Lane.DEEP, decide(job(JobKind.LINT_FIX, List.of("a"), "fix", false, Lane.FAST), 200_000 - 10_000).lane());
    }
}
