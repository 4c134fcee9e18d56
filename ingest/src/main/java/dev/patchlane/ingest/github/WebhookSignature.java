package dev.patchlane.ingest.github;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw body under the webhook
 * secret. Only SHA-256 is accepted; the legacy SHA-1 header alone is refused.
 */
public final class WebhookSignature {

    private static final String PREFIX = "sha256=";
    private static final int HEX_LENGTH = 64;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public WebhookSignature(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a webhook secret must not be empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** Why the header does not sign the body, or empty when it does. */
    public Optional<String> problem(String header, byte[] body) {
        if (header == null || header.isEmpty()) {
            return Optional.of("missing X-Hub-Signature-256 header");
        }
        if (!header.startsWith(PREFIX)) {
            return Optional.of("X-Hub-Signature-256 must start with " + PREFIX);
        }
        String hex = header.substring(PREFIX.length());
        if (hex.length() != HEX_LENGTH) {
            return Optional.of("X-Hub-Signature-256 must carry " + HEX_LENGTH + " hex digits");
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return Optional.of("X-Hub-Signature-256 is not hexadecimal");
        }
        return MessageDigest.isEqual(claimed, sign(body)) ? Optional.empty()
                : Optional.of("X-Hub-Signature-256 does not match the body");
    }

    /** The header value GitHub would send for this body. */
    public String header(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(sign(body));
    }

    private byte[] sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
