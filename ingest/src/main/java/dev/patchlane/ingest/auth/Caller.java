package dev.patchlane.ingest.auth;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling the API: the tenant its token belongs to, the token's name (never the token), what it may do.
 *
 * @param tenant the tenant every job and migration of this caller belongs to
 * @param tokenName the configured name of the token, for logs and messages
 * @param scopes what it may do; {@link Scope#ADMIN} brings every scope with it
 */
public record Caller(String tenant, String tokenName, Set<Scope> scopes) {

    /** The {@link SecurityIdentity} attribute the caller is kept under. */
    public static final String ATTRIBUTE = "patchlane.caller";

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(tokenName, "tokenName");
        scopes = scopes.contains(Scope.ADMIN) ? EnumSet.allOf(Scope.class) : Set.copyOf(scopes);
    }

    /** The one caller of a process with authentication switched off. */
    public static Caller local() {
        return new Caller("local", "anonymous", EnumSet.allOf(Scope.class));
    }

    /** The caller of an authenticated request; the resource methods' {@code @RolesAllowed} guarantees there is one. */
    public static Caller of(SecurityIdentity identity) {
        Caller caller = identity == null || identity.isAnonymous() ? null : identity.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on this request; is the resource method missing @RolesAllowed?");
        }
        return caller;
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    public boolean isAdmin() {
        return has(Scope.ADMIN);
    }

    /** Whether this caller may see what belongs to {@code owner}: its own tenant's, or anything for an admin. */
    public boolean sees(String owner) {
        return isAdmin() || tenant.equals(owner);
    }
}
