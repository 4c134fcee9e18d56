package dev.patchlane.decoding.emulator.bench;

import com.knuddels.jtokkit.api.IntArrayList;
import dev.patchlane.decoding.TokenCounter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Prompts in no task format, which the emulator echoes: a prompt of n tokens is a reply of n tokens. Sizes are spread
 * evenly over [min, max]; the same seed gives the same prompts.
 */
final class Prompts {

    private static final String[] WORDS = ("the widget renderer label null check refactor module service request handler "
            + "stream token decoder buffer queue slot device latency throughput window schema patch diff file line column "
            + "function return value error retry budget circuit lane worker router ingest pipeline batch kafka topic offset "
            + "record commit test assert expected actual build maven java class record interface method field").split(" ");

    private Prompts() {
    }

    static List<String> spread(int count, int minTokens, int maxTokens, long seed) {
        Random random = new Random(seed);
        List<String> prompts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int tokens = count == 1 ? minTokens : minTokens + (int) ((long) (maxTokens - minTokens) * i / (count - 1));
            prompts.add(ofTokens(tokens, random));
        }
        Collections.shuffle(prompts, random);
        return prompts;
    }

    /** About {@code tokens} tokens of words: the first {@code tokens} tokens of a longer text (a prefix may re-tokenize a token apart). */
    static String ofTokens(int tokens, Random random) {
        StringBuilder text = new StringBuilder(tokens * 8);
        IntArrayList encoded;
        do {
            for (int i = 0; i < tokens / 2 + 8; i++) {
                text.append(i % 12 == 11 ? ".\n" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            encoded = TokenCounter.encode(text.toString());
        } while (encoded.size() < tokens);
        IntArrayList prefix = new IntArrayList(tokens);
        for (int i = 0; i < tokens; i++) {
            prefix.add(encoded.get(i));
        }
        return new String(TokenCounter.decodeBytes(prefix), StandardCharsets.UTF_8);
    }
}
