package dev.patchlane.decoding.emulator.http;

import java.util.concurrent.ThreadLocalRandom;

/** Object ids in OpenAI's styles: {@code chatcmpl-…}, {@code resp_…}, {@code msg_…}, {@code fc_…}, {@code call_…}. */
final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    private Ids() {
    }

    static String chatCompletion() {
        return "chatcmpl-" + random(24);
    }

    static String response() {
        return "resp_" + random(32);
    }

    static String message() {
        return "msg_" + random(32);
    }

    static String functionCall() {
        return "fc_" + random(32);
    }

    static String call() {
        return "call_" + random(24);
    }

    private static String random(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
