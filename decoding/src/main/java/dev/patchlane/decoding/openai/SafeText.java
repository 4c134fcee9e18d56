package dev.patchlane.decoding.openai;

/** Provider text made fit for exception messages and logs: the key removed, control characters replaced, length capped. */
final class SafeText {

    static final int MAX_LENGTH = 300;
    private static final String REDACTED = "[redacted]";

    private final String secret;

    SafeText(String secret) {
        this.secret = secret == null || secret.isBlank() ? null : secret;
    }

    String of(String text) {
        if (text == null) {
            return "";
        }
        String clean = secret == null ? text : text.replace(secret, REDACTED);
        StringBuilder out = new StringBuilder(Math.min(clean.length(), MAX_LENGTH + 1));
        for (int i = 0; i < clean.length() && out.length() < MAX_LENGTH; i++) {
            char c = clean.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (clean.length() > MAX_LENGTH) {
            out.append('…');
        }
        return out.toString().strip();
    }
}
