package dev.patchlane.ingest.auth;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** The {@link SecurityIdentity} of a caller: principal name the tenant, roles the scopes, the caller as an attribute. */
final class CallerIdentity {

    private CallerIdentity() {
    }

    static SecurityIdentity of(Caller caller) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.tenant()))
                .addAttribute(Caller.ATTRIBUTE, caller);
        caller.scopes().forEach(scope -> identity.addRole(scope.role()));
        return identity.build();
    }
}
