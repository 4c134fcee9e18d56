package dev.patchlane.ingest.github;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Lane;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A slash command in a comment: {@code /patchlane <verb> [path ...]} on the comment's first line.
 *
 * @param verb what to do: fix, lint, tests or deep
 * @param kind the job kind, or null for an unknown verb
 * @param lane the lane the verb forces, or null
 * @param paths files named after the verb
 */
record Command(String verb, JobKind kind, Lane lane, List<String> paths) {

    static final List<String> VERBS = List.of("fix", "lint", "tests", "deep");
    private static final int MAX_PATHS = 20;

    static Optional<Command> parse(String body, String prefix) {
        String firstLine = body.strip().lines().findFirst().orElse("").strip();
        if (!firstLine.equals(prefix) && !firstLine.startsWith(prefix + " ")) {
            return Optional.empty();
        }
        List<String> words = Arrays.stream(firstLine.substring(prefix.length()).strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            return Optional.of(new Command("", null, null, List.of()));
        }
        Command known = forVerb(words.get(0));
        List<String> paths = words.subList(1, words.size()).stream().filter(SafePaths::isSafe).distinct().limit(MAX_PATHS).toList();
        return Optional.of(new Command(words.get(0), known.kind, known.lane, paths));
    }

    static Command forVerb(String verb) {
        return switch (verb) {
            case "fix" -> new Command(verb, JobKind.ISSUE, null, List.of());
            case "lint" -> new Command(verb, JobKind.LINT_FIX, null, List.of());
            case "tests" -> new Command(verb, JobKind.TEST_GENERATION, null, List.of());
            case "deep" -> new Command(verb, JobKind.ISSUE, Lane.DEEP, List.of());
            default -> new Command(verb.length() > 40 ? verb.substring(0, 40) : verb, null, null, List.of());
        };
    }

    String instructionsFor(String what, String repository, String title, String body, String comment) {
        String task = switch (kind) {
            case LINT_FIX -> "Fix the lint findings in the named files of " + what + " in " + repository + ".";
            case TEST_GENERATION -> "Write tests for the code changed in " + what + " in " + repository + ".";
            default -> "Resolve " + what + " in " + repository + ".";
        };
        StringBuilder text = new StringBuilder(task).append("\n\nTitle: ").append(title);
        if (!body.isEmpty()) {
            text.append("\n\n").append(body);
        }
        if (!comment.isEmpty()) {
            text.append("\n\nRequested in a comment:\n").append(comment);
        }
        return text.toString();
    }
}
