package dev.patchlane.ingest.auth;

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
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * The dashboard's browsers: a browser's {@code EventSource} cannot send an {@code Authorization} header, so the sign-in
 * page puts the token into an HttpOnly, SameSite=Strict cookie, and this mechanism hands it to the same
 * {@link TokenIdentityProvider} as a bearer token (expiry and revocation apply on every request). Tried after
 * {@link BearerTokenMechanism}, so a request with a header is judged by its header. A request that changes something
 * with the cookie alone must also carry {@link #CSRF_HEADER}, which a page of another site cannot set without CORS.
 */
@ApplicationScoped
public class SessionCookieMechanism implements HttpAuthenticationMechanism {

    /** The session cookie's name. */
    public static final String COOKIE = "patchlane_session";
    /** The header the dashboard's scripts send with a cookie-authenticated change (e.g. a migration's cancel). */
    public static final String CSRF_HEADER = "X-Patchlane-Dashboard";

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Inject
    AuthConfig config;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!config.enabled() || context.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return Uni.createFrom().nullItem();
        }
        Cookie cookie = context.request().getCookie(COOKIE);
        if (cookie == null || cookie.getValue().isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        if (!SAFE.contains(context.request().method()) && context.request().getHeader(CSRF_HEADER) == null) {
            return Uni.createFrom().failure(BearerTokenMechanism.refusal(
                    "a change made with the dashboard's session cookie must carry the " + CSRF_HEADER + " header"));
        }
        AuthenticationRequest request = new TokenAuthenticationRequest(new TokenCredential(cookie.getValue(), "cookie"));
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY - 100;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"patchlane\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE, COOKIE));
    }
}
