package dev.patchlane.sink.github;

import java.util.Objects;

/** A GitHub App installation: the app signs a JWT with its private key (PEM) and exchanges it for tokens. */
public record AppCredentials(long appId, long installationId, String privateKeyPem) {

    public AppCredentials {
        if (appId <= 0) {
            throw new IllegalArgumentException("appId must be positive, got " + appId);
        }
        if (installationId <= 0) {
            throw new IllegalArgumentException("installationId must be positive, got " + installationId);
        }
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        if (privateKeyPem.isBlank()) {
            throw new IllegalArgumentException("privateKeyPem must not be blank");
        }
    }

    @Override
    public String toString() {
        return "AppCredentials[appId=" + appId + ", installationId=" + installationId + ", privateKeyPem=<hidden>]";
    }
}
