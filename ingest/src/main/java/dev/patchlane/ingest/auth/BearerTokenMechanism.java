package dev.patchlane.ingest.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code Authorization: Bearer <token>}; a request without one is anonymous, which {@code @RolesAllowed} answers 401. */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    /** The {@link AuthenticationFailedException} attribute that holds the reason a caller may read. */
    public static final String REFUSAL = "patchlane.refusal";

    private static final String SCHEME = "Bearer";

    @Inject
    AuthConfig config;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!config.enabled()) {
            return Uni.createFrom().item(CallerIdentity.of(Caller.local()));
        }
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Uni.createFrom().nullItem();
        }
        Optional<String> token = bearer(header);
        if (token.isEmpty()) {
            return Uni.createFrom().failure(refusal("the Authorization header must be 'Bearer <token>'"));
        }
        AuthenticationRequest request = new TokenAuthenticationRequest(new TokenCredential(token.get(), SCHEME.toLowerCase(java.util.Locale.ROOT)));
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    /** The token of an {@code Authorization} value of the Bearer scheme (RFC 6750: the scheme's case does not matter). */
    static Optional<String> bearer(String header) {
        String value = header.strip();
        if (value.length() <= SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || !Character.isWhitespace(value.charAt(SCHEME.length()))) {
            return Optional.empty();
        }
        String token = value.substring(SCHEME.length()).strip();
        return token.isEmpty() || token.chars().anyMatch(Character::isWhitespace) ? Optional.empty() : Optional.of(token);
    }

    static AuthenticationFailedException refusal(String reason) {
        return new AuthenticationFailedException(reason, Map.of(REFUSAL, reason));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", SCHEME + " realm=\"patchlane\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME.toLowerCase(java.util.Locale.ROOT)));
    }
}
