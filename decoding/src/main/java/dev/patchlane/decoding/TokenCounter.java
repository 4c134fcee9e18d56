package dev.patchlane.decoding;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

/** Counts tokens with the {@code o200k_base} BPE; special-token text in untrusted input is counted as ordinary text. */
public final class TokenCounter {

    private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    private TokenCounter() {
    }

    public static int count(String text) {
        return text == null || text.isEmpty() ? 0 : O200K.countTokensOrdinary(text);
    }

    public static IntArrayList encode(String text) {
        return O200K.encodeOrdinary(text);
    }

    public static byte[] decodeBytes(IntArrayList tokens) {
        return O200K.decodeBytes(tokens);
    }
}
