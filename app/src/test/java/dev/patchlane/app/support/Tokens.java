package dev.patchlane.app.support;

import dev.patchlane.ingest.auth.TokenGenerator;
import java.util.HashMap;
import java.util.Map;

/** The API tokens every test application is configured with (by hash, as a real one is), and their clear values. */
public final class Tokens {

    /** Tenant acme: submit, read, cancel. The default of {@link Jobs}. */
    public static final String ACME = "pl_test-acme-submit-read-cancel";
    /** Tenant globex: submit, read. */
    public static final String GLOBEX = "pl_test-globex-submit-read";
    /** Tenant acme: read only. */
    public static final String ACME_READ_ONLY = "pl_test-acme-read-only";
    /** Tenant acme: every scope, but it expired in 2001. */
    public static final String EXPIRED = "pl_test-acme-expired";
    /** Tenant acme: every scope, configured and revoked. */
    public static final String REVOKED = "pl_test-acme-revoked";
    /** Tenant initech: submit, read; its quota allows 2 jobs an hour. */
    public static final String INITECH = "pl_test-initech-submit-read";
    /** Tenant umbrella: submit, read, cancel; its quota allows 3 jobs an hour (a batched migration fan-out stops there). */
    public static final String UMBRELLA = "pl_test-umbrella-submit-read-cancel";
    /** Tenant ops: admin, so every scope over every tenant. */
    public static final String ADMIN = "pl_test-ops-admin";

    private Tokens() {
    }

    /** {@code Authorization} header value for {@code token}. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    static Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        token(config, "acme", "acme", ACME, "submit,read,cancel");
        token(config, "globex", "globex", GLOBEX, "submit,read");
        token(config, "acme-reader", "acme", ACME_READ_ONLY, "read");
        token(config, "acme-old", "acme", EXPIRED, "submit,read,cancel");
        config.put("patchlane.auth.tokens.acme-old.expires-at", "2001-01-01T00:00:00Z");
        token(config, "acme-leaked", "acme", REVOKED, "submit,read,cancel");
        config.put("patchlane.auth.revoked", TokenGenerator.sha256Hex(REVOKED));
        token(config, "ops", "ops", ADMIN, "admin");
        token(config, "initech", "initech", INITECH, "submit,read");
        config.put("patchlane.quotas.tenants.initech.max-jobs-per-hour", "2");
        token(config, "umbrella", "umbrella", UMBRELLA, "submit,read,cancel");
        config.put("patchlane.quotas.tenants.umbrella.max-jobs-per-hour", "3");
        return config;
    }

    private static void token(Map<String, String> config, String name, String tenant, String token, String scopes) {
        config.put("patchlane.auth.tokens." + name + ".tenant", tenant);
        config.put("patchlane.auth.tokens." + name + ".sha256", TokenGenerator.sha256Hex(token));
        config.put("patchlane.auth.tokens." + name + ".scopes", scopes);
    }
}
