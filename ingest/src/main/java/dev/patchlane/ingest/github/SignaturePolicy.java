package dev.patchlane.ingest.github;

import java.util.Optional;

/**
 * Whether a delivery may be read: signed with the configured secret; with no secret, refused, unless unsigned
 * deliveries were explicitly allowed.
 */
final class SignaturePolicy {

    private final WebhookSignature signature;
    private final boolean allowUnsigned;

    private SignaturePolicy(WebhookSignature signature, boolean allowUnsigned) {
        this.signature = signature;
        this.allowUnsigned = allowUnsigned;
    }

    static SignaturePolicy of(Optional<String> secret, boolean allowUnsigned) {
        return new SignaturePolicy(secret.filter(s -> !s.isEmpty()).map(WebhookSignature::new).orElse(null), allowUnsigned);
    }

    boolean checksSignatures() {
        return signature != null;
    }

    boolean acceptsUnsigned() {
        return signature == null && allowUnsigned;
    }

    /** Why the delivery must be refused, or empty when it may be read. */
    Optional<String> problem(String header, byte[] body) {
        if (signature != null) {
            return signature.problem(header, body);
        }
        return allowUnsigned ? Optional.empty() : Optional.of("no webhook secret is configured (patchlane.webhooks.github.secret)");
    }
}
