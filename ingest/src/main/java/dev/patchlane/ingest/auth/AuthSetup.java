package dev.patchlane.ingest.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Builds the tokens from configuration, and says at start how the API is protected; a bad token entry stops the start. */
@ApplicationScoped
public class AuthSetup {

    private static final Logger LOG = Logger.getLogger(AuthSetup.class);

    @Produces
    @Singleton
    TenantTokens tokens(AuthConfig config) {
        return TenantTokens.from(config, Clock.systemUTC());
    }

    void onStart(@Observes StartupEvent start, AuthConfig config, TenantTokens tokens) {
        if (!config.enabled()) {
            LOG.warn("!!! AUTHENTICATION IS OFF (patchlane.auth.enabled=false): every API call is accepted as tenant 'local' with "
                    + "every scope, admin included. For local experiments only; never on a reachable port. !!!");
            return;
        }
        String file = tokens.file().map(f -> " (tokens file " + f + ", re-read when it changes)").orElse("");
        if (tokens.usable() == 0) {
            LOG.warnf("no API tokens are configured%s: every call to /jobs and /migrations will be refused with 401. "
                    + "Configure patchlane.auth.tokens.<name>.* or patchlane.auth.tokens-file (see README, Authentication).", file);
            return;
        }
        LOG.infof("API bearer authentication: %d usable tokens for tenants %s%s", tokens.usable(), tokens.tenants(), file);
    }
}
