package dev.patchlane.decoding.emulator;

import com.knuddels.jtokkit.api.IntArrayList;
import dev.patchlane.decoding.TokenCounter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
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
        IntArrayList tokens = TokenCounter.encode(reply);
        int[] ends = new int[tokens.size() + 1];
        StringBuilder text = new StringBuilder(reply.length());
        Utf8Chunks utf8 = new Utf8Chunks();
        IntArrayList one = new IntArrayList(1);
        for (int i = 0; i < tokens.size(); i++) {
            one.clear();
            one.add(tokens.get(i));
            text.append(utf8.next(TokenCounter.decodeBytes(one)));
            ends[i + 1] = text.length();
        }
        return new TokenizedText(text.toString(), ends);
    }

    int tokens() {
        return ends.length - 1;
    }

    /** The text tokens {@code from} (inclusive) to {@code to} (exclusive) add. */
    String slice(int from, int to) {
        return text.substring(ends[from], ends[to]);
    }

    /** Tokens may split a UTF-8 character; the tail of one token's bytes waits for the next. */
    private static final class Utf8Chunks {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private byte[] pending = new byte[0];

        String next(byte[] bytes) {
            ByteBuffer input = ByteBuffer.allocate(pending.length + bytes.length).put(pending).put(bytes).flip();
            CharBuffer output = CharBuffer.allocate(input.remaining() + 2);
            decoder.decode(input, output, false);
            pending = new byte[input.remaining()];
            input.get(pending);
            return output.flip().toString();
        }
    }
}
