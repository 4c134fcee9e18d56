package dev.patchlane.sink.github;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;

/** One RSA key pair for the test run, and its private key in the two PEM forms GitHub Apps meet. */
public final class TestKeys {

    public static final KeyPair PAIR = generate();

    private TestKeys() {
    }

    public static String pkcs8Pem() {
        return pem("PRIVATE KEY", PAIR.getPrivate().getEncoded());
    }

    /** The "BEGIN RSA PRIVATE KEY" form GitHub's app settings page downloads. */
    public static String pkcs1Pem() {
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) PAIR.getPrivate();
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (BigInteger value : new BigInteger[] { BigInteger.ZERO, key.getModulus(), key.getPublicExponent(),
                key.getPrivateExponent(), key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(),
                key.getPrimeExponentQ(), key.getCrtCoefficient() }) {
            fields.writeBytes(der(0x02, value.toByteArray()));
        }
        return pem("RSA PRIVATE KEY", der(0x30, fields.toByteArray()));
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (content.length < 0x80) {
            out.write(content.length);
        } else if (content.length < 0x100) {
            out.write(0x81);
            out.write(content.length);
        } else {
            out.write(0x82);
            out.write(content.length >>> 8);
            out.write(content.length & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
