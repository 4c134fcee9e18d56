package dev.patchlane.decoding.emulator;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.decoding.prompt.Task;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the literal rewrite rules a migration's instructions state, one per line as {@code rewrite: OLD -> NEW}.
 */
public final class MigrationRewriter implements ContentSource {

    private static final String PREFIX = "rewrite:";
    private static final String ARROW = "->";

    @Override
    public Optional<Content> answer(Task task, String lane) {
        if (task.kind() != JobKind.MIGRATION) {
            return Optional.empty();
        }
        Map<String, String> rules = rules(task.instructions());
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        return Replies.rewriteFiles(task, text -> {
            String result = text;
            for (Map.Entry<String, String> rule : rules.entrySet()) {
                result = result.replace(rule.getKey(), rule.getValue());
            }
            return result;
        }, "Applied the migration's rewrite rules: " + rules.keySet(), "fixer:migration-rules");
    }

    // Parsed by hand, line by line: instructions are untrusted and a backtracking regex over them can take minutes.
    public static Map<String, String> rules(String instructions) {
        Map<String, String> rules = new LinkedHashMap<>();
        for (String line : instructions.split("\n")) {
            String trimmed = line.strip();
            int arrow = trimmed.indexOf(ARROW);
            if (trimmed.startsWith(PREFIX) && arrow > PREFIX.length()) {
                String from = trimmed.substring(PREFIX.length(), arrow).strip();
                if (!from.isEmpty()) {
                    rules.put(from, trimmed.substring(arrow + ARROW.length()).strip());
                }
            }
        }
        return rules;
    }
}
