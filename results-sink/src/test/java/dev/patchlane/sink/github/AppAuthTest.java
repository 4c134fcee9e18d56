package dev.patchlane.sink.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class AppAuthTest {

    private static final long APP_ID = 4242;
    private static final long INSTALLATION_ID = 777;
    private static final String ACCESS_TOKENS = "/app/installations/777/access_tokens";

    private GitHubStub stub;

    @BeforeEach
    void start() {
        stub = GitHubStub.start().repository("acme/widgets", "main").app(APP_ID, TestKeys.PAIR.getPublic(),
                INSTALLATION_ID);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void theAppJwtVerifiesAndItsInstallationTokenIsExchangedOnceThenReused() throws Exception {
        Instant before = Instant.now();
        try (GitHubPullRequests pullRequests = new GitHubPullRequests(settings(TestKeys.pkcs8Pem()),
                new RecordingSleeper())) {
            pullRequests.ensure(spec("patchlane/job-1"));
            pullRequests.ensure(spec("patchlane/job-2"));
            pullRequests.defaultBranch("acme/widgets");
        }

        GitHubStub.Request exchange = only("POST", ACCESS_TOKENS);
        String[] jwt = exchange.authorization().substring("Bearer ".length()).split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(TestKeys.PAIR.getPublic());
        rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(jwt[2])), "JWT signature");
        JsonNode header = decode(jwt[0]);
        assertEquals("RS256", header.get("alg").asText());
        JsonNode claims = decode(jwt[1]);
        assertEquals(Long.toString(APP_ID), claims.get("iss").asText());
        long iat = claims.get("iat").asLong();
        long exp = claims.get("exp").asLong();
        assertTrue(iat <= before.getEpochSecond() - 50, "iat backdated: " + iat);
        assertTrue(exp <= Instant.now().plus(Duration.ofMinutes(10)).getEpochSecond(), "exp within 10 minutes");
        assertTrue(exp > Instant.now().getEpochSecond(), "exp in the future");

        List<String> issued = stub.issuedInstallationTokens();
        assertEquals(1, issued.size());
        List<GitHubStub.Request> repositoryCalls = stub.requests().stream()
                .filter(r -> r.path().startsWith("/repos/")).toList();
        assertFalse(repositoryCalls.isEmpty());
        assertTrue(repositoryCalls.stream().allMatch(r -> ("token " + issued.get(0)).equals(r.authorization())));
        assertEquals(2, stub.pulls().size());
    }

    @Test
    void gitUsesTheSameCachedInstallationToken() {
        try (GitHubPullRequests pullRequests = new GitHubPullRequests(settings(TestKeys.pkcs8Pem()),
                new RecordingSleeper())) {
            pullRequests.defaultBranch("acme/widgets");

            assertEquals(stub.issuedInstallationTokens().get(0), pullRequests.gitToken());
        }
        assertEquals(1, stub.issuedInstallationTokens().size());
    }

    @Test
    void anInstallationTokenNearItsExpiryIsExchangedAgain() {
        stub.installationTokenLifetime(InstallationTokens.REFRESH_BEFORE_EXPIRY.minusMinutes(1));
        try (GitHubPullRequests pullRequests = new GitHubPullRequests(settings(TestKeys.pkcs8Pem()),
                new RecordingSleeper())) {
            pullRequests.defaultBranch("acme/widgets");
            pullRequests.defaultBranch("acme/widgets");
        }

        assertEquals(2, stub.issuedInstallationTokens().size());
    }

    @Test
    void thePkcs1KeyGitHubHandsOutIsAccepted() {
        try (GitHubPullRequests pullRequests = new GitHubPullRequests(settings(TestKeys.pkcs1Pem()),
                new RecordingSleeper())) {
            assertEquals("main", pullRequests.defaultBranch("acme/widgets"));
        }
        assertTrue(TestKeys.pkcs1Pem().startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    }

    @Test
    void aKeyOfAnotherKindNamesTheConversionCommand() {
        String ec = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49\n"
                + "-----END EC PRIVATE KEY-----\n";

        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> new GitHubPullRequests(settings(ec), new RecordingSleeper()));

        assertTrue(failure.getMessage().contains("openssl pkcs8 -topk8"), failure.getMessage());
        assertFalse(failure.getMessage().contains("MHcCAQEE"), failure.getMessage());
    }

    @Test
    void aJwtFromTheWrongKeyIsRefusedWithoutLeakingAnyCredential() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String otherKey = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";

        try (GitHubPullRequests pullRequests = new GitHubPullRequests(settings(otherKey), new RecordingSleeper())) {
            GitHubApiException failure = assertThrows(GitHubApiException.class,
                    () -> pullRequests.ensure(spec("patchlane/job-3")));

            assertEquals(401, failure.status());
            String jwt = stub.requests().get(0).authorization().substring("Bearer ".length());
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains(jwt), t.toString());
            }
        }
        assertTrue(stub.issuedInstallationTokens().isEmpty());
        assertTrue(stub.pulls().isEmpty());
    }

    private GitHubStub.Request only(String method, String path) {
        List<GitHubStub.Request> matching = stub.requests().stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
        assertEquals(1, matching.size(), method + " " + path);
        return matching.get(0);
    }

    private GitHubSettings settings(String pem) {
        return GitHubSettings.forApp(stub.url(), new AppCredentials(APP_ID, INSTALLATION_ID, pem))
                .withRateLimits(new RateLimitPolicy(Duration.ofSeconds(60), 5, Duration.ofMinutes(15),
                        Duration.ofMillis(300)));
    }

    private static JsonNode decode(String part) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(part));
    }

    private static PullRequestSpec spec(String head) {
        return new PullRequestSpec("acme/widgets", head, "main", "Fix", "", true, List.of("patchlane"));
    }
}
