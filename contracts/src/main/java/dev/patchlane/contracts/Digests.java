package dev.patchlane.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 in hex, for keys derived from content. */
public final class Digests {

    private Digests() {
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** The digest of the parts in UTF-8, each separated from the next by a zero byte, so no two lists collide by concatenation. */
    public static String sha256Hex(List<String> parts) {
        MessageDigest digest = sha256();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                digest.update((byte) 0);
            }
            digest.update(parts.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
