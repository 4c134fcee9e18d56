package dev.patchlane.decoding.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prompt tokenized once gives the request's own count, and an echoed reply the same tokens as tokenizing it anew. */
class PromptTokensTest {

    @Test
    void itCountsAsTheRequestDoesAndReusesTheLastUserMessagesTokens() {
        String question = Requests.text("ask", 4);
        DecodeRequest request = new DecodeRequest(List.of(ChatMessage.system("be brief \u2713"), ChatMessage.user("first \ud83d\ude80"),
                new ChatMessage("assistant", "an answer"), ChatMessage.user(question), new ChatMessage("assistant", "more")), 100, null);
        PromptTokens prompt = PromptTokens.of(request);
        assertEquals(request.promptTokens(), prompt.count());

        for (String reply : List.of(request.lastUserMessage(), "a different reply \u00e9")) {
            TokenizedText reused = prompt.reply(reply);
            TokenizedText fresh = TokenizedText.of(reply);
            assertEquals(fresh.tokens(), reused.tokens(), reply);
            for (int i = 0; i < fresh.tokens(); i++) {
                assertEquals(fresh.slice(i, i + 1), reused.slice(i, i + 1), "token " + i);
            }
        }
    }

    @Test
    void aRequestWithoutAUserMessageCountsTheOthers() {
        DecodeRequest request = new DecodeRequest(List.of(ChatMessage.system("only a system message")), 100, null);
        assertEquals(request.promptTokens(), PromptTokens.of(request).count());
        assertEquals(0, PromptTokens.of(request).reply("").tokens());
    }
}
