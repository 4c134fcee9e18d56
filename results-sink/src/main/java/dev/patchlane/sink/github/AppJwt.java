package dev.patchlane.sink.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * Authorizes as the GitHub App itself with a fresh RS256 JWT per request, signed by the JDK (hub4j's JWTTokenProvider
 * needs jjwt, which this module does not carry).
 */
final class AppJwt implements AuthorizationProvider {

    // GitHub's advice: backdate iat a minute for clock drift, and exp may be at most ten minutes ahead
    static final Duration BACKDATE = Duration.ofSeconds(60);
    static final Duration LIFETIME = Duration.ofMinutes(9);

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = BASE64URL.encodeToString(
            "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final long appId;
    private final RSAPrivateKey key;
    private final Clock clock;

    AppJwt(long appId, RSAPrivateKey key, Clock clock) {
        this.appId = appId;
        this.key = key;
        this.clock = clock;
    }

    @Override
    public String getEncodedAuthorization() {
        return "Bearer " + sign(clock.instant());
    }

    String sign(Instant now) {
        String claims = "{\"iat\":" + now.minus(BACKDATE).getEpochSecond() + ",\"exp\":"
                + now.plus(LIFETIME).getEpochSecond() + ",\"iss\":\"" + appId + "\"}";
        String signingInput = HEADER + "." + BASE64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign the GitHub App JWT for app " + appId, e);
        }
    }

    @Override
    public String toString() {
        return "AppJwt[appId=" + appId + "]";
    }
}
