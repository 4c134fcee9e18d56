package dev.patchlane.decoding.emulator;

import com.knuddels.jtokkit.api.IntArrayList;
import dev.patchlane.decoding.TokenCounter;
import java.nio.charset.StandardCharsets;

/**
 * A reply encoded once ({@code o200k_base}), with the text each prefix of its tokens decodes to, so that a device tick
 * turns any token range into text with one substring.
 */
final class TokenizedText {

    private final String text;
    private final int[] ends;

    private TokenizedText(String text, int[] ends) {
        this.text = text;
        this.ends = ends;
    }

    static TokenizedText of(String reply) {
        return of(TokenCounter.encode(reply));
    }

    /**
     * Decodes the tokens' bytes once, then maps each token's end to the text: a character split over tokens belongs to
     * the token that completes it. The bytes are the UTF-8 of a Java string, so every character's bytes are whole.
     */
    static TokenizedText of(IntArrayList tokens) {
        String text = new String(TokenCounter.decodeBytes(tokens), StandardCharsets.UTF_8);
        int[] ends = new int[tokens.size() + 1];
        IntArrayList one = new IntArrayList(1);
        long tokenBytes = 0;
        long charBytes = 0;
        int chars = 0;
        for (int i = 0; i < tokens.size(); i++) {
            one.clear();
            one.add(tokens.get(i));
            tokenBytes += TokenCounter.decodeBytes(one).length;
            while (chars < text.length()) {
                int codePoint = text.codePointAt(chars);
                int bytes = utf8Length(codePoint);
                if (charBytes + bytes > tokenBytes) {
                    break;
                }
                charBytes += bytes;
                chars += Character.charCount(codePoint);
            }
            ends[i + 1] = chars;
        }
        return new TokenizedText(text, ends);
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    int tokens() {
        return ends.length - 1;
    }

    /** The text tokens {@code from} (inclusive) to {@code to} (exclusive) add. */
    String slice(int from, int to) {
        return text.substring(ends[from], ends[to]);
    }
}
