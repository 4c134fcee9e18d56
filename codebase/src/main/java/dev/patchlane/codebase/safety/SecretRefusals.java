package dev.patchlane.codebase.safety;

import dev.patchlane.codebase.safety.SecretScanner.Finding;
import java.util.ArrayList;
import java.util.List;

/** Turns the secret scanner's findings into refusals that name the file and line and what was seen, never the secret. */
final class SecretRefusals {

    // One patch full of keys should not make a refusal message as long as the patch.
    static final int MAX_REPORTED = 10;

    private SecretRefusals() {
    }

    static List<Refusal> of(String diff) {
        List<Finding> findings = SecretScanner.scan(diff);
        List<Refusal> refusals = new ArrayList<>();
        for (Finding finding : findings.subList(0, Math.min(findings.size(), MAX_REPORTED))) {
            refusals.add(new Refusal(RefusalRule.SECRET, finding.path(), detail(finding)));
        }
        if (findings.size() > MAX_REPORTED) {
            refusals.add(Refusal.of(RefusalRule.SECRET, (findings.size() - MAX_REPORTED) + " more added lines look like credentials"));
        }
        return refusals;
    }

    private static String detail(Finding finding) {
        String line = "line " + finding.line();
        return switch (finding.rule()) {
            case GITHUB_TOKEN -> line + " adds what looks like a GitHub token";
            case GITHUB_FINE_GRAINED_TOKEN -> line + " adds what looks like a GitHub fine-grained token";
            case AWS_ACCESS_KEY_ID -> line + " adds what looks like an AWS access key";
            case AWS_SECRET_ACCESS_KEY -> line + " adds what looks like an AWS secret access key";
            case SLACK_TOKEN -> line + " adds what looks like a Slack token";
            case SLACK_WEBHOOK -> line + " adds what looks like a Slack webhook URL";
            case PRIVATE_KEY -> line + " adds what looks like a private key";
            case HIGH_ENTROPY_ASSIGNMENT -> line + " adds what looks like a password, token or key assigned in the clear";
            case LINE_TOO_LONG_TO_SCAN -> line + " is too long to scan for credentials";
        };
    }
}
