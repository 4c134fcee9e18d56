package dev.patchlane.decoding.emulator;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.decoding.prompt.Task;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the literal rewrite rules a migration's instructions state, one per line as {@code rewrite: OLD -> NEW}.
 */
public final class MigrationRewriter implements ContentSource {

    private static final Pattern RULE = Pattern.compile("(?m)^\\s*rewrite:\\s*(.+?)\\s*->\\s*(.*?)\\s*$");

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

    static Map<String, String> rules(String instructions) {
        Map<String, String> rules = new LinkedHashMap<>();
        Matcher matcher = RULE.matcher(instructions);
        while (matcher.find()) {
            rules.put(matcher.group(1), matcher.group(2));
        }
        return rules;
    }
}
