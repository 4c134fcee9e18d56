package dev.patchlane.ingest.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a token may do; each scope is the role of the same name in {@code @RolesAllowed}. */
public enum Scope {
    SUBMIT(Roles.SUBMIT),
    READ(Roles.READ),
    CANCEL(Roles.CANCEL),
    /** Every other scope, over every tenant's jobs and migrations. */
    ADMIN(Roles.ADMIN);

    /** The role names, as constants for {@code @RolesAllowed}. */
    public static final class Roles {
        public static final String SUBMIT = "submit";
        public static final String READ = "read";
        public static final String CANCEL = "cancel";
        public static final String ADMIN = "admin";

        private Roles() {
        }
    }

    private final String role;

    Scope(String role) {
        this.role = role;
    }

    public String role() {
        return role;
    }

    /** The scope of this role name, ignoring case and surrounding blanks. */
    public static Optional<Scope> ofRole(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.role.equals(wanted)).findFirst();
    }

    /** The role names, for messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Scope::role).toList());
    }
}
