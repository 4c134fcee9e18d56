package dev.patchlane.codebase;

/**
 * The message of a patch commit.
 *
 * @param subject the first line
 * @param body the explanation below it
 */
public record CommitMessage(String subject, String body) {

    public String full() {
        return subject + "\n\n" + body.strip() + "\n";
    }
}
