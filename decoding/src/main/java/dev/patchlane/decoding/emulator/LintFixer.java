package dev.patchlane.decoding.emulator;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.decoding.prompt.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real lint fixes, computed on the files in the prompt: trailing whitespace, a missing final newline, unused Java imports. */
public final class LintFixer implements ContentSource {

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?!static\\s)([\\w.]+)\\.(\\w+)\\s*;[ \\t]*$");

    @Override
    public Optional<Content> answer(Task task, String lane) {
        if (task.kind() != JobKind.LINT_FIX) {
            return Optional.empty();
        }
        return Replies.rewriteFiles(task, LintFixer::fix,
                "Removed trailing whitespace and unused imports, and ended each file with a newline.", "fixer:lint");
    }

    static String fix(String text) {
        String fixed = removeUnusedImports(stripTrailingWhitespace(text));
        if (!fixed.isEmpty() && !fixed.endsWith("\n")) {
            fixed += "\n";
        }
        return fixed;
    }

    // By hand: a regex such as [ \t]+$ is quadratic on a long run of spaces, and file content is untrusted.
    private static String stripTrailingWhitespace(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int end = line.length();
            while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
                end--;
            }
            out.append(line, 0, end);
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String removeUnusedImports(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder rest = new StringBuilder();
        for (String line : lines) {
            if (!IMPORT.matcher(line).matches()) {
                rest.append(line).append('\n');
            }
        }
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            Matcher importLine = IMPORT.matcher(line);
            if (importLine.matches() && !Pattern.compile("\\b" + Pattern.quote(importLine.group(2)) + "\\b").matcher(rest).find()) {
                continue;
            }
            kept.add(line);
        }
        return String.join("\n", kept);
    }
}
