package dev.patchlane.decoding.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.decoding.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

// Fake credentials are assembled at run time so this repository never holds a literal that looks like a real one.
class PromptRedactionTest {

    private static final String GITHUB = "ghp_" + "F4k3".repeat(9);
    private static final String KEY_ID = "AK" + "IA" + "FAKEFAKEFAKEFAKE";

    @Test
    void filesInstructionsAndTheEarlierFailureReachThePromptRedacted() {
        String config = "github.token=" + GITHUB + "\naws.id=" + KEY_ID + "\nport=8080\n";
        Task task = new Task("job-1", JobKind.ISSUE, "Rotate " + GITHUB + " please", List.of(new PromptFile("app.properties", config)),
                "the check printed aws.id=" + KEY_ID);
        List<ChatMessage> prompt = PromptFormat.render(task);
        String user = prompt.get(1).content();

        assertFalse(user.contains(GITHUB), user);
        assertFalse(user.contains(KEY_ID), user);
        Task seen = PromptFormat.parse(user);
        assertEquals("github.token=[REDACTED:GITHUB_TOKEN]\naws.id=[REDACTED:AWS_ACCESS_KEY_ID]\nport=8080\n", seen.files().get(0).content());
        assertEquals("Rotate [REDACTED:GITHUB_TOKEN] please", seen.instructions());
        assertEquals("the check printed aws.id=[REDACTED:AWS_ACCESS_KEY_ID]", seen.previousFailure());
        assertTrue(prompt.get(0).content().endsWith(PromptFormat.REDACTION_NOTE), prompt.get(0).content());
    }

    @Test
    void aPrivateKeyWithoutItsEndIsRedactedToTheEndOfItsFileOnly() {
        String cut = "-----BEGIN " + "PRIVATE KEY-----\nMIIEvfake\n";
        Task task = new Task("job-2", JobKind.ISSUE, "x", List.of(new PromptFile("key.pem", cut), new PromptFile("b.txt", "kept\n")), null);
        Task seen = PromptFormat.parse(PromptFormat.userMessage(task).content());

        assertEquals("[REDACTED:PRIVATE_KEY]\n[REDACTED:PRIVATE_KEY]\n", seen.files().get(0).content());
        assertEquals(new PromptFile("b.txt", "kept\n"), seen.files().get(1));
    }

    @Test
    void aFileWithoutSecretsReadsBackAsItWas() {
        Task task = new Task("job-3", JobKind.LINT_FIX, "lint", List.of(new PromptFile("A.java", "class A {\n  String token;\n}")), null);
        assertEquals(task, PromptFormat.parse(PromptFormat.userMessage(task).content()));
    }
}
