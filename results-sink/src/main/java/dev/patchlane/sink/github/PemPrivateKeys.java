package dev.patchlane.sink.github;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a GitHub App's RSA private key from PEM: PKCS#8, or the PKCS#1 form GitHub hands out. No key text in errors. */
final class PemPrivateKeys {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----",
            Pattern.DOTALL);
    private static final String CONVERT = "openssl pkcs8 -topk8 -nocrypt -in app-key.pem -out app-key-pkcs8.pem";
    // AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }
    private static final byte[] RSA_ALGORITHM = { 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 };
    private static final byte[] VERSION_ZERO = { 0x02, 0x01, 0x00 };

    private PemPrivateKeys() {
    }

    static RSAPrivateKey parse(String pem) {
        Matcher block = BLOCK.matcher(pem);
        if (!block.find()) {
            throw new IllegalArgumentException("GitHub App private key is not PEM: expected a "
                    + "'-----BEGIN PRIVATE KEY-----' or '-----BEGIN RSA PRIVATE KEY-----' block");
        }
        String type = block.group(1);
        String content = block.group(2);
        if (type.contains("ENCRYPTED") || content.contains("Proc-Type:")) {
            throw new IllegalArgumentException("GitHub App private key is encrypted; decrypt it with: " + CONVERT);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(content.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GitHub App private key PEM holds invalid base64");
        }
        byte[] pkcs8 = switch (type) {
            case "PRIVATE KEY" -> der;
            case "RSA PRIVATE KEY" -> wrapPkcs1(der);
            default -> throw new IllegalArgumentException("GitHub App private key is a '" + type
                    + "' PEM block, not an RSA private key; GitHub issues 'RSA PRIVATE KEY' (PKCS#1) or convert with: "
                    + CONVERT);
        };
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("GitHub App private key is not a valid RSA key (" + type
                    + "); GitHub's downloaded .pem works as is, or convert with: " + CONVERT);
        }
    }

    // PKCS#8 PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING holding the PKCS#1 RSAPrivateKey }
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(VERSION_ZERO);
        info.writeBytes(RSA_ALGORITHM);
        info.writeBytes(tlv(0x04, pkcs1));
        return tlv(0x30, info.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
