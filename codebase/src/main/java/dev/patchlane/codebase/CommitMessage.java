package dev.patchlane.codebase;

import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.CheckStatus;
import dev.patchlane.contracts.Verification;
import dev.patchlane.contracts.VerificationVerdict;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The message of a patch commit.
 *
 * @param subject the first line
 * @param body the explanation below it
 */
public record CommitMessage(String subject, String body) {

    /** What one trailer value may hold; longer values are cut with an ellipsis. */
    static final int MAX_TRAILER_CHARS = 500;
    /** Checks named one by one in a verification trailer before the rest are counted. */
    static final int MAX_CHECKS_NAMED = 20;

    private static final Pattern TRAILER_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*");

    /**
     * A message whose body is {@code prose}, a blank line, then one {@code Key: value} line per trailer, as
     * {@code git interpret-trailers} reads them. Trailer values are one line each, so no value can start a line of its
     * own: not a mail header, a {@code From } separator, a {@code ---} or a {@code diff}. The prose is the caller's to
     * make safe (the sink indents untrusted text).
     */
    public static CommitMessage withTrailers(String subject, String prose, List<Trailer> trailers) {
        StringBuilder body = new StringBuilder(prose == null ? "" : prose.strip());
        if (!trailers.isEmpty()) {
            body.append(body.isEmpty() ? "" : "\n\n");
            for (Trailer trailer : trailers) {
                body.append(trailer.line()).append('\n');
            }
        }
        return new CommitMessage(subject, body.toString());
    }

    public String full() {
        return subject + "\n\n" + body.strip() + "\n";
    }

    /**
     * One {@code Key: value} line at the end of a commit message.
     *
     * @param key letters, digits and inner hyphens, e.g. {@code Verified-by}
     * @param value any text; control characters and line breaks become spaces, and it is cut to
     *     {@link #MAX_TRAILER_CHARS}
     */
    public record Trailer(String key, String value) {

        public Trailer {
            Objects.requireNonNull(key, "key");
            if (!TRAILER_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("a trailer key is letters, digits and inner hyphens, got '" + key + "'");
            }
            value = oneLine(value);
        }

        public String line() {
            return key + ": " + value;
        }
    }

    /**
     * What verification said, as one trailer: {@code Verified-by: patchlane (bwrap): lint passed, test passed} when the
     * checks passed (or failed only where the base commit already failed), {@code Verification-failed: ...} when the
     * patch broke one, and {@code Verified-by: nothing (<why>)} when nothing was checked.
     */
    public static Trailer verification(Verification verification) {
        if (verification == null) {
            return new Trailer("Verified-by", "nothing (no verification was recorded for this attempt)");
        }
        if (verification.verdict() == null || verification.verdict() == VerificationVerdict.NOT_VERIFIED) {
            String why = verification.summary() == null || verification.summary().isBlank() ? "nothing was checked" : verification.summary();
            return new Trailer("Verified-by", "nothing (" + oneLine(why) + ")");
        }
        String key = verification.verdict() == VerificationVerdict.FAILED ? "Verification-failed" : "Verified-by";
        String by = "patchlane (" + sandbox(verification.sandbox()) + "): ";
        return new Trailer(key, by + checks(verification.checks(), MAX_TRAILER_CHARS - by.length()));
    }

    /** How the checks were isolated, in words: {@code bwrap}, or {@code not sandboxed} for an operator's opt-out. */
    public static String sandbox(String sandbox) {
        if (sandbox == null || sandbox.isBlank()) {
            return "sandbox unknown";
        }
        return switch (sandbox) {
            case "none" -> "not sandboxed";
            case "unavailable" -> "sandbox unavailable";
            default -> oneLine(sandbox);
        };
    }

    /** A check's status in a few words: {@code passed}, {@code failed}, {@code timed out} … */
    public static String status(CheckStatus status) {
        return status == null ? "unknown" : status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    // As many checks as fit in a trailer, then a count of the rest, so the count is never what gets cut.
    private static String checks(List<CheckResult> checks, int room) {
        if (checks.isEmpty()) {
            return "no checks ran";
        }
        StringBuilder named = new StringBuilder();
        int shown = 0;
        for (CheckResult check : checks) {
            String one = (shown == 0 ? "" : ", ") + oneLine(check.name()) + " " + status(check.status())
                    + (check.alreadyFailing() ? " (already failing before this patch)" : "");
            if (shown == MAX_CHECKS_NAMED || (shown > 0 && named.length() + one.length() > room - 24)) {
                break;
            }
            named.append(one);
            shown++;
        }
        return named + (shown < checks.size() ? ", and " + (checks.size() - shown) + " more" : "");
    }

    private static String oneLine(String text) {
        String line = (text == null ? "" : text).replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]", " ").replaceAll(" {2,}", " ").strip();
        return line.length() <= MAX_TRAILER_CHARS ? line : line.substring(0, MAX_TRAILER_CHARS - 1) + "…";
    }
}
