package dev.patchlane.ingest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantTokensTest {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final String ACME = "pl_acme-token";
    private static final String GLOBEX = "pl_globex-token";

    @TempDir
    Path temp;

    private final Map<String, String> props = new HashMap<>();
    private final MutableClock clock = new MutableClock(NOW);

    private TenantTokens tokens() {
        AuthConfig config = new SmallRyeConfigBuilder().withMapping(AuthConfig.class)
                .withConverter(Duration.class, 200, value -> Duration.parse("PT" + value.strip().toUpperCase(java.util.Locale.ROOT)))
                .withSources(new PropertiesConfigSource(props, "test", 100)).build().getConfigMapping(AuthConfig.class);
        return TenantTokens.from(config, clock);
    }

    private void token(String name, String tenant, String token, String scopes) {
        props.put("patchlane.auth.tokens." + name + ".tenant", tenant);
        props.put("patchlane.auth.tokens." + name + ".sha256", TokenGenerator.sha256Hex(token));
        props.put("patchlane.auth.tokens." + name + ".scopes", scopes);
    }

    private static Caller accepted(TenantTokens.Verdict verdict) {
        return assertInstanceOf(TenantTokens.Verdict.Accepted.class, verdict, verdict.toString()).caller();
    }

    private static String refused(TenantTokens.Verdict verdict) {
        return assertInstanceOf(TenantTokens.Verdict.Refused.class, verdict, verdict.toString()).reason();
    }

    @Test
    void aConfiguredTokenIsItsTenantWithItsScopes() {
        token("ci-bot", "acme", ACME, "submit,read");
        Caller caller = accepted(tokens().check(ACME));
        assertEquals(new Caller("acme", "ci-bot", EnumSet.of(Scope.SUBMIT, Scope.READ)), caller);
        assertFalse(caller.has(Scope.CANCEL));
        assertFalse(caller.sees("globex"));
    }

    @Test
    void anUnknownTokenIsRefusedWithoutBeingRepeated() {
        token("ci-bot", "acme", ACME, "submit");
        String reason = refused(tokens().check("pl_forged"));
        assertEquals("the token is not known here", reason);
        assertEquals("the token is not known here", refused(tokens().check(ACME + "x")));
    }

    @Test
    void anExpiredTokenIsRefusedFromItsExpiryOn() {
        token("old", "acme", ACME, "read");
        props.put("patchlane.auth.tokens.old.expires-at", "2030-06-01T12:00:01Z");
        TenantTokens tokens = tokens();
        assertEquals("acme", accepted(tokens.check(ACME)).tenant());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("the token expired at 2030-06-01T12:00:01Z", refused(tokens.check(ACME)));
        assertEquals(0, tokens.usable());
    }

    @Test
    void aRevokedTokenIsRefusedEvenWhileListed() {
        token("ci-bot", "acme", ACME, "submit");
        token("other", "globex", GLOBEX, "submit");
        props.put("patchlane.auth.revoked", TokenGenerator.sha256Hex(ACME).toUpperCase(java.util.Locale.ROOT));
        TenantTokens tokens = tokens();
        assertEquals("the token has been revoked", refused(tokens.check(ACME)));
        assertEquals("globex", accepted(tokens.check(GLOBEX)).tenant());
        assertEquals(1, tokens.usable());
    }

    @Test
    void scopesMapToRolesAndAdminBringsEveryScope() {
        token("mixed", "acme", ACME, " Submit , READ ");
        token("root", "ops", GLOBEX, "admin");
        TenantTokens tokens = tokens();
        assertEquals(Set.of(Scope.SUBMIT, Scope.READ), accepted(tokens.check(ACME)).scopes());
        Caller admin = accepted(tokens.check(GLOBEX));
        assertEquals(EnumSet.allOf(Scope.class), admin.scopes());
        assertTrue(admin.sees("acme"));
        assertEquals("cancel", Scope.CANCEL.role());
        assertEquals(Scope.ADMIN, Scope.ofRole("admin").orElseThrow());
    }

    @Test
    void anUnknownScopeOrNoneIsAClearErrorNamingTheToken() {
        token("ci-bot", "acme", ACME, "submit,write");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, this::tokens);
        assertEquals("patchlane.auth.tokens.\"ci-bot\": unknown scope 'write'; the scopes are submit, read, cancel, admin", unknown.getMessage());
    }

    @Test
    void aBadHashOrTenantIsAnErrorThatNeverRepeatsTheValue() {
        props.put("patchlane.auth.tokens.ci-bot.tenant", "acme");
        props.put("patchlane.auth.tokens.ci-bot.sha256", ACME);
        props.put("patchlane.auth.tokens.ci-bot.scopes", "read");
        IllegalArgumentException clear = assertThrows(IllegalArgumentException.class, this::tokens);
        assertTrue(clear.getMessage().startsWith("patchlane.auth.tokens.\"ci-bot\": the sha256 is not a SHA-256 in hex"), clear.getMessage());
        assertFalse(clear.getMessage().contains(ACME), clear.getMessage());

        token("ci-bot", "Acme Corp", ACME, "read");
        assertTrue(assertThrows(IllegalArgumentException.class, this::tokens).getMessage().contains("the tenant must match"));

        token("ci-bot", "acme", ACME, "read");
        props.put("patchlane.auth.revoked", "0123");
        assertTrue(assertThrows(IllegalArgumentException.class, this::tokens).getMessage().startsWith("patchlane.auth.revoked[0]: "));
    }

    @Test
    void twoNamesForOneHashAreRefused() {
        token("one", "acme", ACME, "read");
        token("two", "globex", ACME, "read");
        assertTrue(assertThrows(IllegalArgumentException.class, this::tokens).getMessage().contains("the same hash as another token"));
    }

    @Test
    void aTokensFileAddsTokensAndItsCommentsAreIgnored() throws IOException {
        token("ci-bot", "acme", ACME, "submit");
        Path file = Files.writeString(temp.resolve("tokens"), """
                # name tenant sha256 scopes [expires-at]

                dashboard globex %s read,cancel
                  temp  globex %s submit 2030-06-01T12:00:01Z
                """.formatted(TokenGenerator.sha256Hex(GLOBEX), TokenGenerator.sha256Hex("pl_temp")));
        props.put("patchlane.auth.tokens-file", file.toString());
        TenantTokens tokens = tokens();
        assertEquals(new Caller("globex", "dashboard", EnumSet.of(Scope.READ, Scope.CANCEL)), accepted(tokens.check(GLOBEX)));
        assertEquals("temp", accepted(tokens.check("pl_temp")).tokenName());
        assertEquals("acme", accepted(tokens.check(ACME)).tenant());
        assertEquals(Set.of("acme", "globex"), tokens.tenants());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(refused(tokens.check("pl_temp")).startsWith("the token expired"));
    }

    @Test
    void aMalformedLineNamesItsNumberButNeverTheHash() throws IOException {
        String hash = TokenGenerator.sha256Hex(GLOBEX);
        assertFileRefused("ok acme " + hash + " read\n\nbad acme " + hash + "\n",
                "line 3: expected <name> <tenant> <sha256-hex> <scope,scope> [expires-at], found 3 fields", hash);
        assertFileRefused("# header\nbad acme " + hash.substring(1) + " read\n", "line 2: the sha256 is not a SHA-256 in hex", hash.substring(1));
        assertFileRefused("bad acme " + GLOBEX + " read\n", "line 1: the sha256 is not a SHA-256 in hex", GLOBEX);
        assertFileRefused("bad ACME " + hash + " read\n", "line 1: the tenant must match", hash);
        assertFileRefused("bad acme " + hash + " read yesterday\n", "line 1: the expiry is not an ISO-8601 instant", hash);
        assertFileRefused("bad acme " + hash + " read,delete\n", "line 1: unknown scope 'delete'", hash);
        assertFileRefused("a acme " + hash + " read\na globex " + TokenGenerator.sha256Hex("x") + " read\n", "line 2: the token name a is used twice", hash);
        assertFileRefused("a acme " + hash + " read\nb globex " + hash + " read\n", "line 2: token b has the same hash as an earlier line", hash);
        assertFileRefused("bad/name acme " + hash + " read\n", "line 1: the token name must match", "bad/name");
        assertFileRefused("bad acme " + hash + " ,\n", "line 1: the token has no scope", hash);
    }

    private void assertFileRefused(String content, String expected, String secret) throws IOException {
        Path file = Files.writeString(temp.resolve("tokens-" + Math.abs(content.hashCode())), content);
        props.put("patchlane.auth.tokens-file", file.toString());
        String message = assertThrows(IllegalArgumentException.class, this::tokens).getMessage();
        assertTrue(message.startsWith("tokens file " + file + " "), message);
        assertTrue(message.contains(expected), message);
        assertFalse(message.contains(secret), message);
    }

    @Test
    void aMissingOversizedOrBinaryFileIsRefused() throws IOException {
        props.put("patchlane.auth.tokens-file", temp.resolve("absent").toString());
        assertTrue(assertThrows(IllegalArgumentException.class, this::tokens).getMessage().endsWith("absent does not exist"));

        Path big = temp.resolve("big");
        Files.write(big, new byte[TokensFile.MAX_BYTES + 1]);
        props.put("patchlane.auth.tokens-file", big.toString());
        assertTrue(assertThrows(IllegalArgumentException.class, this::tokens).getMessage().contains("is larger than 1048576 bytes"));

        Path binary = Files.write(temp.resolve("binary"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
        props.put("patchlane.auth.tokens-file", binary.toString());
        assertTrue(assertThrows(IllegalArgumentException.class, this::tokens).getMessage().endsWith("is not UTF-8 text"));
    }

    @Test
    void aChangedFileIsReReadAfterTheCheckIntervalAndABadOneKeepsTheTokensBefore() throws IOException {
        Path file = temp.resolve("tokens");
        write(file, "first acme " + TokenGenerator.sha256Hex(ACME) + " read\n", 1);
        props.put("patchlane.auth.tokens-file", file.toString());
        props.put("patchlane.auth.tokens-file-check-interval", "5s");
        TenantTokens tokens = tokens();
        assertEquals("first", accepted(tokens.check(ACME)).tokenName());

        write(file, "second globex " + TokenGenerator.sha256Hex(GLOBEX) + " submit\n", 2);
        clock.advance(Duration.ofSeconds(4));
        assertEquals("first", accepted(tokens.check(ACME)).tokenName(), "not checked again within the interval");
        clock.advance(Duration.ofSeconds(1));
        assertEquals("second", accepted(tokens.check(GLOBEX)).tokenName());
        assertEquals("the token is not known here", refused(tokens.check(ACME)), "a token removed from the file is refused");

        write(file, "broken line\n", 3);
        clock.advance(Duration.ofSeconds(5));
        assertEquals("second", accepted(tokens.check(GLOBEX)).tokenName(), "a bad rewrite keeps what was read before");
        Files.delete(file);
        clock.advance(Duration.ofSeconds(5));
        assertEquals("second", accepted(tokens.check(GLOBEX)).tokenName(), "a file missing mid-rotation keeps what was read before");
        write(file, "third acme " + TokenGenerator.sha256Hex(ACME) + " read\n", 4);
        clock.advance(Duration.ofSeconds(5));
        assertEquals("third", accepted(tokens.check(ACME)).tokenName());
    }

    /** Writes {@code content} with a distinct modification time, as a rotated mount would have. */
    private static void write(Path file, String content, int generation) throws IOException {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(NOW.plusSeconds(generation)));
    }

    @Test
    void noTokensAtAllRefusesEveryToken() {
        TenantTokens tokens = tokens();
        assertEquals(0, tokens.usable());
        assertEquals("the token is not known here", refused(tokens.check(TokenGenerator.newToken())));
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
