package dev.patchlane.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTest {

    @Test
    void keepsEverythingWhileItFits() {
        OutputTail tail = new OutputTail(16);
        append(tail, "hello ");
        append(tail, "world");

        assertEquals("hello world", tail.text());
        assertEquals(11, tail.total());
    }

    @Test
    void keepsOnlyTheLastBytesButCountsAll() {
        OutputTail tail = new OutputTail(8);
        long printed = 0;
        for (int i = 0; i < 1000; i++) {
            String line = "line " + i + "\n";
            append(tail, line);
            printed += line.length();
        }
        append(tail, "0123456789abcdef");

        assertEquals("89abcdef", tail.text());
        assertEquals(printed + 16, tail.total());
    }

    @Test
    void aChunkLargerThanTheTailKeepsItsEnd() {
        OutputTail tail = new OutputTail(4);
        append(tail, "ab");
        append(tail, "0123456789");

        assertEquals("6789", tail.text());
        assertEquals(12, tail.total());
    }

    @Test
    void replacesMalformedBytesAndDropsACharacterCutAtTheStart() {
        OutputTail malformed = new OutputTail(16);
        malformed.append(new byte[] {'o', 'k', (byte) 0xFF, '!'}, 0, 4);
        assertEquals("ok\uFFFD!", malformed.text());

        OutputTail cut = new OutputTail(4);
        append(cut, "xx\u00e9\u00e9");
        // 6 bytes "xx" C3 A9 C3 A9: the last 4 are a whole "éé"; one more byte cuts the first é in half
        assertEquals("\u00e9\u00e9", cut.text());
        append(cut, "z");
        assertEquals("\u00e9z", cut.text());
    }

    private static void append(OutputTail tail, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        tail.append(bytes, 0, bytes.length);
    }
}
