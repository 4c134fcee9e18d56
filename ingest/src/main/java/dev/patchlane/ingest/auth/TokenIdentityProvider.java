package dev.patchlane.ingest.auth;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Turns a bearer token into its caller's identity, or refuses it with the reason; the token itself is never logged. */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(TokenIdentityProvider.class);

    @Inject
    TenantTokens tokens;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        // A check may re-read the tokens file, so it runs off the event loop.
        return context.runBlocking(() -> {
            TenantTokens.Verdict verdict = tokens.check(request.getToken().getToken());
            if (verdict instanceof TenantTokens.Verdict.Accepted accepted) {
                return CallerIdentity.of(accepted.caller());
            }
            String reason = ((TenantTokens.Verdict.Refused) verdict).reason();
            LOG.debugf("bearer token refused: %s", reason);
            throw BearerTokenMechanism.refusal(reason);
        });
    }
}
