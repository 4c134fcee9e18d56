package dev.patchlane.codebase.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.codebase.safety.SecretScanner.Finding;
import dev.patchlane.codebase.safety.SecretScanner.Rule;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

// Fake credentials are assembled at run time so this repository never holds a literal that looks like a real one.
class SecretScannerTest {

    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789";
    private static final String RANDOM_LOOKING = "Zq8" + "xLm2" + "Pw9K" + "tR4v" + "Nb7Y" + "hC3d" + "Fs6J";

    static Stream<Arguments> onePerRule() {
        return Stream.of(
                Arguments.of("String t = \"" + "ghp_" + "a".repeat(36) + "\";", Rule.GITHUB_TOKEN),
                Arguments.of("t=" + "gho_" + ALNUM.substring(0, 36), Rule.GITHUB_TOKEN),
                Arguments.of("t=" + "ghs_" + "B".repeat(36), Rule.GITHUB_TOKEN),
                Arguments.of("pat: " + "github_" + "pat_" + "a".repeat(22) + "_" + "b".repeat(59), Rule.GITHUB_FINE_GRAINED_TOKEN),
                Arguments.of("key = " + "AK" + "IA" + "A".repeat(16), Rule.AWS_ACCESS_KEY_ID),
                Arguments.of("key = " + "AS" + "IA" + "Z9".repeat(8), Rule.AWS_ACCESS_KEY_ID),
                Arguments.of("aws_secret_access_key = " + "abcd/efgh+".repeat(4), Rule.AWS_SECRET_ACCESS_KEY),
                Arguments.of("AWS_SECRET_ACCESS_KEY: \"" + "x".repeat(40) + "\"", Rule.AWS_SECRET_ACCESS_KEY),
                Arguments.of("slack: " + "xo" + "xb-" + "1".repeat(12) + "-" + "a".repeat(24), Rule.SLACK_TOKEN),
                Arguments.of("url = \"https://hooks.slack.com/services/" + "T" + "0".repeat(8) + "/B" + "1".repeat(8) + "/" + "x".repeat(24) + "\"",
                        Rule.SLACK_WEBHOOK),
                Arguments.of("-----BEGIN " + "RSA PRIVATE KEY-----", Rule.PRIVATE_KEY),
                Arguments.of("-----BEGIN " + "OPENSSH PRIVATE KEY-----", Rule.PRIVATE_KEY),
                Arguments.of("\"-----BEGIN " + "PRIVATE KEY-----\\n\"", Rule.PRIVATE_KEY),
                Arguments.of("password = \"" + RANDOM_LOOKING + "\"", Rule.HIGH_ENTROPY_ASSIGNMENT),
                Arguments.of("db_password: '" + RANDOM_LOOKING + "'", Rule.HIGH_ENTROPY_ASSIGNMENT),
                Arguments.of("API_KEY=" + RANDOM_LOOKING, Rule.HIGH_ENTROPY_ASSIGNMENT),
                Arguments.of("\"clientSecret\": \"" + RANDOM_LOOKING + "\",", Rule.HIGH_ENTROPY_ASSIGNMENT),
                Arguments.of("token := \"" + RANDOM_LOOKING + "\"", Rule.HIGH_ENTROPY_ASSIGNMENT),
                Arguments.of("secretKey = '" + RANDOM_LOOKING + "'", Rule.HIGH_ENTROPY_ASSIGNMENT),
                Arguments.of("GITHUB_TOKEN_VALUE=" + RANDOM_LOOKING, Rule.HIGH_ENTROPY_ASSIGNMENT));
    }

    @ParameterizedTest
    @MethodSource("onePerRule")
    void eachRuleFindsItsCredentialOnAnAddedLine(String line, Rule rule) {
        List<Finding> findings = SecretScanner.scan(addFile("src/Config.java", "first", line));
        assertTrue(findings.contains(new Finding("src/Config.java", 2, rule)), findings.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"password = \"changeme\"", "password = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "token = \"short\"",
        "// refresh the token when it expires, see the secret rotation docs",
        "String tokenizer = \"abcdefghijklmnopqrstuvwxyz0123456789\";", "password = readFromVault(name);",
        "t = \"ghp_tooshort\"", "-----BEGIN PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----", "AKIA is the prefix of an access key id"})
    void ordinaryLinesAreNotFindings(String line) {
        assertEquals(List.of(), SecretScanner.scan(addFile("a.txt", line)));
    }

    @Test
    void aRedactionMarkerIsNotAnAssignedSecret() {
        for (Rule rule : Rule.values()) {
            String line = "api_key = \"" + SecretRedactor.marker(rule) + "\"";
            assertEquals(List.of(), SecretScanner.scan(addFile("a.txt", line)), line);
        }
        assertEquals(List.of(new Finding("a.txt", 1, Rule.HIGH_ENTROPY_ASSIGNMENT)),
                SecretScanner.scan(addFile("a.txt", "api_key = \"[REDACTED:NOT_A_RULE]" + RANDOM_LOOKING + "\"")));
    }

    @Test
    void removedContextAndHeaderLinesAreNotScanned() {
        String token = "ghp_" + "c".repeat(36);
        String diff = "diff --git a/" + token + " b/" + token + "\n--- a/" + token + "\n+++ b/" + token + "\n"
                + "@@ -1,3 +1,3 @@\n " + token + "\n-" + token + "\n+clean\n " + token + "\n";
        assertEquals(List.of(), SecretScanner.scan(diff));
    }

    @Test
    void aDeletedFileIsNotScanned() {
        String diff = "diff --git a/k.pem b/k.pem\ndeleted file mode 100644\n--- a/k.pem\n+++ /dev/null\n@@ -1 +0,0 @@\n-"
                + "-----BEGIN " + "PRIVATE KEY-----\n";
        assertEquals(List.of(), SecretScanner.scan(diff));
    }

    @Test
    void anAddedLineThatLooksLikeAHeaderIsStillScanned() {
        String diff = "--- a/x.txt\n+++ b/x.txt\n@@ -1 +1,2 @@\n keep\n+++ " + "AKIA" + "B".repeat(16) + "\n";
        assertEquals(List.of(new Finding("x.txt", 2, Rule.AWS_ACCESS_KEY_ID)), SecretScanner.scan(diff));
    }

    @Test
    void lineNumbersFollowTheNewFileAcrossHunksAndFiles() {
        String pem = "-----BEGIN " + "EC PRIVATE KEY-----";
        String keyId = "AKIA" + "C".repeat(16);
        String diff = "diff --git a/one.txt b/one.txt\n--- a/one.txt\n+++ b/one.txt\n"
                + "@@ -3,4 +3,5 @@ context\n a\n-b\n+" + pem + "\n+c\n d\n\\ No newline at end of file\n e\n"
                + "@@ -40,2 +41,3 @@\n x\n+y\n+" + keyId + "\n"
                + "diff --git a/two/t.txt b/two/t.txt\nnew file mode 100644\n--- /dev/null\n+++ b/two/t.txt\n"
                + "@@ -0,0 +1,2 @@\n+" + keyId + "\n+" + pem + "\n";
        assertEquals(List.of(new Finding("one.txt", 4, Rule.PRIVATE_KEY), new Finding("one.txt", 43, Rule.AWS_ACCESS_KEY_ID),
                new Finding("two/t.txt", 1, Rule.AWS_ACCESS_KEY_ID), new Finding("two/t.txt", 2, Rule.PRIVATE_KEY)),
                SecretScanner.scan(diff));
    }

    @Test
    void aFindingNeverCarriesTheSecretOrTheLine() {
        String secret = "ghp_" + "d".repeat(36);
        String line = "String githubToken = \"" + secret + "\";";
        Finding finding = SecretScanner.scan(addFile("Secrets.java", line)).get(0);
        assertFalse(finding.toString().contains(secret), finding.toString());
        assertFalse(finding.toString().contains("dddd"), finding.toString());
        assertFalse(finding.toString().contains("githubToken"), finding.toString());
    }

    @Test
    void aLineOverTheLimitIsReportedNotSkipped() {
        String line = "x".repeat(SecretScanner.MAX_LINE_LENGTH) + "ghp_" + "e".repeat(36);
        assertEquals(List.of(new Finding("big.txt", 1, Rule.LINE_TOO_LONG_TO_SCAN)), SecretScanner.scan(addFile("big.txt", line)));
        assertEquals(List.of(), SecretScanner.scan(addFile("big.txt", "x".repeat(SecretScanner.MAX_LINE_LENGTH))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "aws_secret_key=", "xoxb-", "-----BEGIN A ", "ghp_", "token:", "https://hooks.slack.com/services/T"})
    void adversarialLinesAtTheLimitScanQuickly(String fragment) {
        String line = fragment.repeat(SecretScanner.MAX_LINE_LENGTH / fragment.length());
        String diff = addFile("a.txt", line, line, line, line, line, line, line, line, line, line);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> SecretScanner.scan(diff));
    }

    @Test
    void entropyIsBitsPerCharacter() {
        assertEquals(0.0, SecretScanner.entropy("aaaa"), 1e-9);
        assertEquals(2.0, SecretScanner.entropy("abcd"), 1e-9);
        assertTrue(SecretScanner.entropy(RANDOM_LOOKING) >= SecretScanner.MIN_ENTROPY_BITS_PER_CHAR);
    }

    private static String addFile(String path, String... lines) {
        StringBuilder diff = new StringBuilder("diff --git a/" + path + " b/" + path + "\nnew file mode 100644\n--- /dev/null\n+++ b/" + path
                + "\n@@ -0,0 +1," + lines.length + " @@\n");
        for (String line : lines) {
            diff.append('+').append(line).append('\n');
        }
        return diff.toString();
    }
}
