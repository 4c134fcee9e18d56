package dev.patchlane.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignaturePolicyTest {

    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String VALID = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void withASecretOnlyTheRightSignaturePasses() {
        SignaturePolicy policy = SignaturePolicy.of(Optional.of("It's a Secret to Everybody"), false);
        assertEquals(Optional.empty(), policy.problem(VALID, BODY));
        assertTrue(policy.problem(null, BODY).isPresent());
    }

    @Test
    void withoutASecretEveryDeliveryIsRefused() {
        for (Optional<String> secret : java.util.List.of(Optional.<String>empty(), Optional.of(""))) {
            SignaturePolicy policy = SignaturePolicy.of(secret, false);
            assertTrue(policy.problem(VALID, BODY).orElseThrow().contains("no webhook secret"));
            assertFalse(policy.acceptsUnsigned());
        }
    }

    @Test
    void unsignedDeliveriesPassOnlyWhenExplicitlyAllowed() {
        SignaturePolicy policy = SignaturePolicy.of(Optional.empty(), true);
        assertTrue(policy.acceptsUnsigned());
        assertEquals(Optional.empty(), policy.problem(null, BODY));
    }

    @Test
    void aSecretStillChecksSignaturesWhenUnsignedIsAllowed() {
        SignaturePolicy policy = SignaturePolicy.of(Optional.of("It's a Secret to Everybody"), true);
        assertFalse(policy.acceptsUnsigned());
        assertTrue(policy.problem(null, BODY).isPresent());
    }
}
