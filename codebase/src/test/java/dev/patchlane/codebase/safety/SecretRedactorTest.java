package dev.patchlane.codebase.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.safety.SecretRedactor.Redaction;
import dev.patchlane.codebase.safety.SecretScanner.Rule;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

// Fake credentials are assembled at run time so this repository never holds a literal that looks like a real one.
class SecretRedactorTest {

    private static final String RANDOM_LOOKING = "Zq8" + "xLm2" + "Pw9K" + "tR4v" + "Nb7Y" + "hC3d" + "Fs6J";
    private static final String GITHUB = "ghp_" + "F4k3".repeat(9);
    private static final String KEY_ID = "AK" + "IA" + "FAKEFAKEFAKEFAKE";
    private static final String BEGIN = "-----BEGIN " + "RSA PRIVATE KEY-----";
    private static final String END = "-----END " + "RSA PRIVATE KEY-----";

    @ParameterizedTest
    @MethodSource("dev.patchlane.codebase.safety.SecretScannerTest#onePerRule")
    void eachRuleIsReplacedByItsMarkerAndNothingIsLeftToFind(String line, Rule rule) {
        Redaction redaction = SecretRedactor.redact("before\n" + line + "\n");

        assertEquals(Set.of(rule), redaction.rules(), redaction.text());
        assertEquals(1, redaction.count());
        assertTrue(redaction.text().startsWith("before\n") && redaction.text().contains(SecretRedactor.marker(rule)), redaction.text());
        assertEquals(List.of(), SecretScanner.scan(addFile(redaction.text().split("\n"))), redaction.text());
        assertFalse(redaction.text().contains(RANDOM_LOOKING), redaction.text());
        assertEquals(0, SecretRedactor.redact(redaction.text()).count());
    }

    @Test
    void anAssignmentKeepsItsNameAndLosesOnlyItsValue() {
        assertEquals("password = \"[REDACTED:HIGH_ENTROPY_ASSIGNMENT]\";", text("password = \"" + RANDOM_LOOKING + "\";"));
        assertEquals("aws_secret_access_key = [REDACTED:AWS_SECRET_ACCESS_KEY]", text("aws_secret_access_key = " + "abcd/efgh+".repeat(4)));
        assertEquals("String t = \"[REDACTED:GITHUB_TOKEN]\"; // id [REDACTED:AWS_ACCESS_KEY_ID]",
                text("String t = \"" + GITHUB + "\"; // id " + KEY_ID));
    }

    @Test
    void whereTwoRulesSeeOneSecretTheSpecificOneNamesIt() {
        Redaction redaction = SecretRedactor.redact("token = " + GITHUB);
        assertEquals("token = [REDACTED:GITHUB_TOKEN]", redaction.text());
        assertEquals(1, redaction.count());
        assertEquals(Set.of(Rule.GITHUB_TOKEN), redaction.rules());
    }

    @Test
    void aPrivateKeyBlockIsRedactedFromItsBeginLineThroughItsEndLineKeepingTheLines() {
        String text = "key: |\n  " + BEGIN + "\n  MIIEowIBAAKCAQEAfake\n\n  Zm9vYmFyZmFrZQ==\n  " + END + " # rotated\nport: 8080\n";
        Redaction redaction = SecretRedactor.redact(text);

        assertEquals("key: |\n  [REDACTED:PRIVATE_KEY]\n[REDACTED:PRIVATE_KEY]\n[REDACTED:PRIVATE_KEY]\n[REDACTED:PRIVATE_KEY]\n"
                + "[REDACTED:PRIVATE_KEY] # rotated\nport: 8080\n", redaction.text());
        assertEquals(1, redaction.count());
        assertEquals(text.split("\n", -1).length, redaction.text().split("\n", -1).length);
    }

    @Test
    void aKeyOnOneLineIsRedactedBetweenItsMarkersAndWhatFollowsItsEndIsStillScanned() {
        assertEquals("String pem = \"[REDACTED:PRIVATE_KEY]\"; String id = \"[REDACTED:AWS_ACCESS_KEY_ID]\";",
                text("String pem = \"" + BEGIN + "\\nMIIBfake\\n" + END + "\"; String id = \"" + KEY_ID + "\";"));
        assertEquals("[REDACTED:PRIVATE_KEY]\n[REDACTED:PRIVATE_KEY]\n[REDACTED:PRIVATE_KEY] then [REDACTED:AWS_ACCESS_KEY_ID]\nnext\n",
                text(BEGIN + "\nMIIBfake\n" + END + " then " + KEY_ID + "\nnext\n"));
    }

    @Test
    void aKeyWithoutAnEndIsRedactedToTheEndOfTheText() {
        Redaction redaction = SecretRedactor.redact("a\n" + BEGIN + "\nMIIBfake\nmore\n");
        assertEquals("a\n[REDACTED:PRIVATE_KEY]\n[REDACTED:PRIVATE_KEY]\n[REDACTED:PRIVATE_KEY]\n", redaction.text());
        assertEquals(1, redaction.count());
    }

    @Test
    void aLineOverTheLimitIsReplacedWholeAndItsNeighboursAreKept() {
        String hidden = "x".repeat(SecretScanner.MAX_LINE_LENGTH) + GITHUB;
        Redaction redaction = SecretRedactor.redact("first\n" + hidden + "\nlast");
        assertEquals("first\n[REDACTED:LINE_TOO_LONG_TO_SCAN]\nlast", redaction.text());
        assertEquals(Set.of(Rule.LINE_TOO_LONG_TO_SCAN), redaction.rules());
        String atTheLimit = "x".repeat(SecretScanner.MAX_LINE_LENGTH);
        assertSame(atTheLimit, SecretRedactor.redact(atTheLimit).text());
    }

    @Test
    void aKeyThatBeginsOnAnOverlongLineIsStillRedactedBelowIt() {
        String text = "x".repeat(SecretScanner.MAX_LINE_LENGTH) + BEGIN + "\nMIIBfake\n" + END + "\nafter\n";
        assertEquals("[REDACTED:LINE_TOO_LONG_TO_SCAN]\n[REDACTED:PRIVATE_KEY]\n[REDACTED:PRIVATE_KEY]\nafter\n", text(text));
    }

    @Test
    void lineEndsAreKept() {
        assertEquals("a\r\nid=[REDACTED:AWS_ACCESS_KEY_ID]\r\nb", text("a\r\nid=" + KEY_ID + "\r\nb"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password = \"changeme\"", "token = \"short\"", "String tokenizer = \"abcdefghijklmnopqrstuvwxyz0123456789\";",
        "password = readFromVault(name);", "t = \"ghp_tooshort\"", "-----BEGIN PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----",
        "AKIA is the prefix of an access key id", "// refresh the token when it expires, see the secret rotation docs"})
    void ordinaryLinesAreLeftAlone(String line) {
        Redaction redaction = SecretRedactor.redact(line + "\n");
        assertEquals(line + "\n", redaction.text());
        assertFalse(redaction.changed());
    }

    @Test
    void ordinaryCodeIsLeftAlone() {
        String code = """
                package demo;

                import java.util.Map;

                public final class Tokens {
                    private static final String HEADER = "Authorization";
                    private final Map<String, String> secrets;

                    String token(String name) {
                        String value = secrets.get(name); // password = lookup, never inline
                        return value == null ? "" : value;
                    }
                }
                """;
        Redaction redaction = SecretRedactor.redact(code);
        assertSame(code, redaction.text());
        assertEquals(0, redaction.count());
        assertEquals(Set.of(), redaction.rules());
    }

    @Test
    void redactingRedactedTextChangesNothing() {
        String text = "t=" + GITHUB + "\nid: " + KEY_ID + "\npassword = '" + RANDOM_LOOKING + "'\napi_key=" + RANDOM_LOOKING + "\n"
                + "aws_secret_key: " + "Q".repeat(40) + "\n" + BEGIN + "\nMIIBfake\n" + END + "\n" + "y".repeat(SecretScanner.MAX_LINE_LENGTH + 1)
                + "\nxo" + "xb-" + "1".repeat(12) + "\n";
        Redaction once = SecretRedactor.redact(text);
        assertEquals(8, once.count(), once.text());
        Redaction twice = SecretRedactor.redact(once.text());
        assertEquals(once.text(), twice.text());
        assertEquals(0, twice.count());
    }

    @Test
    void markersAreRecognisedOnlyWithARuleName() {
        assertTrue(SecretRedactor.holdsMarker("x = \"" + SecretRedactor.marker(Rule.SLACK_TOKEN) + "\""));
        assertFalse(SecretRedactor.holdsMarker("[REDACTED:SOMETHING_ELSE]"));
        assertFalse(SecretRedactor.holdsMarker("[REDACTED]"));
        assertFalse(SecretRedactor.holdsMarker(null));
    }

    @Test
    void aMegabyteOnOneLineIsOneMarkerQuickly() {
        String line = ("password=" + RANDOM_LOOKING + " -----BEGIN A ").repeat(1_048_576 / 48);
        Redaction redaction = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> SecretRedactor.redact(line));
        assertEquals(SecretRedactor.marker(Rule.LINE_TOO_LONG_TO_SCAN), redaction.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "aws_secret_key=", "xoxb-", "-----BEGIN A ", "ghp_", "token:", "PRIVATE KEY-----"})
    void adversarialLinesAtTheLimitRedactQuickly(String fragment) {
        String line = fragment.repeat(SecretScanner.MAX_LINE_LENGTH / fragment.length());
        String text = (line + "\n").repeat(100);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SecretRedactor.redact(text));
    }

    @Test
    void manyMatchesAreAllReplacedQuickly() {
        String line = ("id " + KEY_ID + " t " + GITHUB + " ").repeat(100) + "\n";
        String text = line.repeat(200);
        Redaction redaction = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SecretRedactor.redact(text));
        assertEquals(200 * 100 * 2, redaction.count());
        assertFalse(redaction.text().contains("FAKEFAKE"));
        assertFalse(redaction.text().contains("F4k3"));
    }

    @Test
    void emptyAndNullTextAreTheirOwnRedaction() {
        assertEquals("", SecretRedactor.redact("").text());
        assertEquals(null, SecretRedactor.redact(null).text());
    }

    private static String text(String text) {
        return SecretRedactor.redact(text).text();
    }

    private static String addFile(String... lines) {
        return Diffs.addFile("f.txt", lines);
    }
}
