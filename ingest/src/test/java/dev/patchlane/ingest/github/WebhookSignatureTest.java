package dev.patchlane.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignatureTest {

    // The example from GitHub's "Validating webhook deliveries" documentation.
    private static final String SECRET = "It's a Secret to Everybody";
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String HEX = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    private static final String GITHUB_HEADER = "sha256=" + HEX;

    private final WebhookSignature signature = new WebhookSignature(SECRET);

    @Test
    void githubsPublishedVectorVerifies() {
        assertEquals(Optional.empty(), signature.problem(GITHUB_HEADER, BODY));
    }

    @Test
    void headerIsWhatGithubSends() {
        assertEquals(GITHUB_HEADER, signature.header(BODY));
    }

    static Stream<Arguments> refusedHeaders() {
        return Stream.of(
                Arguments.of("null header", null),
                Arguments.of("empty header", ""),
                Arguments.of("SHA-1 header only", "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59"),
                Arguments.of("upper-case prefix", "SHA256=" + HEX),
                Arguments.of("sha512 prefix", "sha512=" + HEX),
                Arguments.of("no prefix", HEX),
                Arguments.of("prefix only", "sha256="),
                Arguments.of("non-hex digits", "sha256=" + "zz" + HEX.substring(2)),
                Arguments.of("63 hex digits", "sha256=" + HEX.substring(1)),
                Arguments.of("65 hex digits", "sha256=" + HEX + "0"),
                Arguments.of("whitespace around", " sha256=" + HEX),
                Arguments.of("trailing newline", GITHUB_HEADER + "\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedHeaders")
    void refusesMalformedHeaders(String why, String header) {
        Optional<String> problem = signature.problem(header, BODY);
        assertTrue(problem.isPresent(), why);
        assertFalse(problem.get().isBlank(), why);
    }

    static IntStream hexPositions() {
        return IntStream.of(0, 1, 17, 31, 32, 50, 62, 63);
    }

    @ParameterizedTest(name = "hex digit {0} flipped")
    @MethodSource("hexPositions")
    void refusesASignatureWithOneDigitChanged(int position) {
        char[] digits = HEX.toCharArray();
        digits[position] = digits[position] == '0' ? '1' : '0';
        Optional<String> problem = signature.problem("sha256=" + new String(digits), BODY);
        assertEquals(Optional.of("X-Hub-Signature-256 does not match the body"), problem);
    }

    @ParameterizedTest(name = "body byte {0} flipped")
    @ValueSource(ints = {0, 6, 12})
    void refusesTheRightSignatureForAChangedBody(int position) {
        byte[] tampered = BODY.clone();
        tampered[position] ^= 0x01;
        assertTrue(signature.problem(GITHUB_HEADER, tampered).isPresent());
    }

    @Test
    void refusesTheRightSignatureOfAnotherBody() {
        byte[] other = "Hello, World?".getBytes(StandardCharsets.UTF_8);
        assertTrue(signature.problem(signature.header(other), BODY).isPresent());
        assertEquals(Optional.empty(), signature.problem(signature.header(other), other));
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        String forged = new WebhookSignature("It's a secret to everybody").header(BODY);
        assertTrue(signature.problem(forged, BODY).isPresent());
    }

    @Test
    void signsAnEmptyBody() {
        byte[] empty = new byte[0];
        assertEquals(Optional.empty(), signature.problem(signature.header(empty), empty));
        assertTrue(signature.problem(GITHUB_HEADER, empty).isPresent());
    }

    @Test
    void refusesAnEmptySecret() {
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature(""));
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature(null));
    }
}
