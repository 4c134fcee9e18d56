package dev.patchlane.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

class WebhookSignatureFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void fuzz(FuzzedDataProvider data) {
        String secret = data.consumeString(40);
        WebhookSignature signature = new WebhookSignature(secret.isEmpty() ? "It's a Secret to Everybody" : secret);
        String header = data.consumeString(100);
        int position = data.consumeInt(0, 70);
        char replacement = data.consumeChar();
        byte[] body = data.consumeRemainingAsBytes();

        String valid = signature.header(body);
        assertEquals(Optional.empty(), signature.problem(valid, body));

        Optional<String> random = signature.problem(header, body);
        assertNotNull(random);
        if (random.isEmpty()) {
            assertTrue(header.equalsIgnoreCase(valid), () -> "a header that is not the body's signature verified: " + header);
        } else {
            assertFalse(random.get().isBlank());
        }

        char[] forged = valid.toCharArray();
        int at = position % forged.length;
        if (forged[at] != replacement) {
            forged[at] = replacement;
            String changed = new String(forged);
            // Hex digits are read case-insensitively, so only a change of case may still verify.
            assertTrue(signature.problem(changed, body).isPresent() || changed.equalsIgnoreCase(valid),
                    () -> "a changed header verified: " + changed);
        }
    }
}
