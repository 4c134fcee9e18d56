package dev.patchlane.codebase.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patchlane.codebase.PatchRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Whatever the input, parsing and validating either succeed or refuse with named reasons (no other exception, no hang),
 * and what is accepted declares only paths that pass the path rules under the policy it was checked against.
 */
class PatchValidatorFuzzTest {

    private static final List<SafetyPolicy> POLICIES = List.of(
            SafetyPolicy.defaults(),
            new SafetyPolicy(true, true, List.of(".github/**", "CODEOWNERS"), 50, 5000, 1_048_576, true),
            new SafetyPolicy(true, true, List.of("**"), 10_000, 1_000_000, 10_000_000, false),
            new SafetyPolicy(false, false, List.of(), 1, 3, 200, true));

    @FuzzTest(maxDuration = "60s")
    void fuzz(byte[] input) {
        try {
            assertFalse(DiffParser.parse(input).getFiles().isEmpty());
        } catch (PatchRejectedException refused) {
            assertNamed(refused);
        }
        String diff = new String(input, StandardCharsets.UTF_8);
        for (SafetyPolicy policy : POLICIES) {
            ValidatedPatch validated;
            try {
                validated = PatchValidator.validate(diff, policy);
            } catch (PatchRejectedException refused) {
                assertNamed(refused);
                continue;
            }
            assertFalse(validated.declaredPaths().isEmpty());
            assertTrue(validated.patch().getFiles().size() <= policy.maxFiles());
            for (String path : validated.declaredPaths()) {
                assertEquals(Optional.empty(), PathRules.check(path, policy), path);
                assertFalse(path.startsWith("/") || path.contains("\\") || path.contains("//"), path);
                for (String segment : path.split("/")) {
                    assertFalse(segment.equals("..") || segment.equals(".") || PathRules.fold(segment).equals(".git"), path);
                }
            }
        }
    }

    private static void assertNamed(PatchRejectedException refused) {
        assertFalse(refused.refusals().isEmpty());
        for (Refusal refusal : refused.refusals()) {
            assertNotNull(refusal.rule());
            assertFalse(refusal.detail().isBlank());
        }
        assertEquals(String.join("; ", refused.problems()), refused.getMessage());
    }
}
