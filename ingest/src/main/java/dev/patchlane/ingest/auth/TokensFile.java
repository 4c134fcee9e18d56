package dev.patchlane.ingest.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a tokens file: one token a line, {@code <name> <tenant> <sha256-hex> <scope,scope> [expires-at]}, blank lines and
 * {@code #} comments ignored. An error names the file and the line, never a digest.
 */
final class TokensFile {

    /** Far above any real list of tokens; a larger file is a mistake (the wrong file mounted), not a configuration. */
    static final int MAX_BYTES = 1 << 20;

    private TokensFile() {
    }

    /** Thrown for a file that cannot be used; the message is fit for a log. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    static List<KnownToken> read(Path file) throws Invalid {
        return parse(file, bytes(file));
    }

    static List<KnownToken> parse(Path file, byte[] bytes) throws Invalid {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Invalid("tokens file " + file + " is not UTF-8 text");
        }
        List<KnownToken> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> digests = new HashSet<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "tokens file " + file + " line " + (i + 1);
            String[] fields = line.split("\\s+");
            if (fields.length < 4 || fields.length > 5) {
                throw new Invalid(where + ": expected <name> <tenant> <sha256-hex> <scope,scope> [expires-at], found " + fields.length
                        + " field" + (fields.length == 1 ? "" : "s"));
            }
            KnownToken token;
            try {
                Instant expiresAt = fields.length == 5 ? expiry(fields[4]) : null;
                token = KnownToken.of(fields[0], fields[1], fields[2], Arrays.asList(fields[3].split(",")), expiresAt);
            } catch (IllegalArgumentException e) {
                throw new Invalid(where + ": " + e.getMessage());
            }
            if (!names.add(token.name())) {
                throw new Invalid(where + ": the token name " + token.name() + " is used twice");
            }
            if (!digests.add(token.sha256Hex())) {
                throw new Invalid(where + ": token " + token.name() + " has the same hash as an earlier line; one token, one line");
            }
            tokens.add(token);
        }
        return tokens;
    }

    private static Instant expiry(String field) {
        try {
            return Instant.parse(field);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the expiry is not an ISO-8601 instant such as 2030-01-31T00:00:00Z");
        }
    }

    private static byte[] bytes(Path file) throws Invalid {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new Invalid("tokens file " + file + " is larger than " + MAX_BYTES + " bytes; is it the right file?");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new Invalid("tokens file " + file + " does not exist");
        } catch (IOException e) {
            throw new Invalid("cannot read tokens file " + file + ": " + e.getMessage());
        }
    }
}
