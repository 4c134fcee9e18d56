package dev.patchlane.decoding.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.knuddels.jtokkit.api.IntArrayList;
import dev.patchlane.decoding.TokenCounter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each token's text, against decoding the tokens one by one and carrying a split character over to the next. */
class TokenizedTextTest {

    @Test
    void eachTokenAddsTheTextItCompletes() {
        for (String reply : List.of(Requests.text("t", 5), "caf\u00e9 \u2713 \ud83d\ude80\ud83d\ude80 \u4f60\u597d\u4e16\u754c", "e\u0301\u0301 \u00a0x",
                "\ud83d lone surrogate", "", "plain ascii words only")) {
            TokenizedText text = TokenizedText.of(reply);
            List<String> expected = oneByOne(reply);
            assertEquals(expected.size(), text.tokens(), reply);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), text.slice(i, i + 1), "token " + i + " of " + reply);
            }
            assertEquals(String.join("", expected), text.slice(0, text.tokens()), reply);
        }
    }

    private static List<String> oneByOne(String reply) {
        IntArrayList tokens = TokenCounter.encode(reply);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer pending = ByteBuffer.allocate(4 * reply.length() + 8);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            IntArrayList one = new IntArrayList(1);
            one.add(tokens.get(i));
            pending.put(TokenCounter.decodeBytes(one)).flip();
            CharBuffer out = CharBuffer.allocate(pending.remaining() + 2);
            decoder.decode(pending, out, false);
            pending.compact();
            texts.add(out.flip().toString());
        }
        return texts;
    }
}
