package dev.patchlane.decoding.emulator;

import com.knuddels.jtokkit.api.IntArrayList;
import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.TokenCounter;
import java.util.List;
import java.util.Objects;

/**
 * A request's prompt, tokenized once: the count {@link DecodeRequest#promptTokens()} gives, and the tokens of the last
 * user message, which an echoed reply repeats.
 */
final class PromptTokens {

    private final int count;
    private final String lastUserMessage;
    private final IntArrayList lastUserTokens;

    private PromptTokens(int count, String lastUserMessage, IntArrayList lastUserTokens) {
        this.count = count;
        this.lastUserMessage = lastUserMessage;
        this.lastUserTokens = lastUserTokens;
    }

    static PromptTokens of(DecodeRequest request) {
        List<ChatMessage> messages = request.messages();
        int last = messages.size() - 1;
        while (last >= 0 && !messages.get(last).role().equals("user")) {
            last--;
        }
        int others = 0;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            others += i == last ? 0 : TokenCounter.count(message.content());
            others += message.toolCalls().stream().mapToInt(call -> TokenCounter.count(call.arguments())).sum();
        }
        String text = last < 0 ? "" : messages.get(last).content();
        IntArrayList tokens = text == null || text.isEmpty() ? new IntArrayList() : TokenCounter.encode(text);
        return new PromptTokens(others + tokens.size(), text, tokens);
    }

    int count() {
        return count;
    }

    /** The reply, tokenized: from the tokens already counted when it echoes the last user message. */
    TokenizedText reply(String reply) {
        return Objects.equals(reply, lastUserMessage) ? TokenizedText.of(lastUserTokens) : TokenizedText.of(reply);
    }
}
