package dev.patchlane.ingest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenGeneratorTest {

    @Test
    void aTokenIsThePrefixAnd32RandomBytesInBase64Url() {
        String token = TokenGenerator.newToken();
        assertTrue(token.matches("pl_[A-Za-z0-9_-]{43}"), token);
        assertNotEquals(token, TokenGenerator.newToken());
    }

    @Test
    void theHashIsTheHexSha256OfTheToken() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TokenGenerator.sha256Hex("abc"));
    }

    @Test
    void onlyABearerAuthorizationWithOneTokenIsRead() {
        assertEquals(Optional.of("pl_x"), BearerTokenMechanism.bearer("Bearer pl_x"));
        assertEquals(Optional.of("pl_x"), BearerTokenMechanism.bearer("  bearer   pl_x "));
        assertEquals(Optional.empty(), BearerTokenMechanism.bearer("Basic YWxhZGRpbjpvcGVuc2VzYW1l"));
        assertEquals(Optional.empty(), BearerTokenMechanism.bearer("Bearer"));
        assertEquals(Optional.empty(), BearerTokenMechanism.bearer("Bearer "));
        assertEquals(Optional.empty(), BearerTokenMechanism.bearer("Bearerpl_x"));
        assertEquals(Optional.empty(), BearerTokenMechanism.bearer("Bearer pl_x pl_y"));
    }
}
