package dev.patchlane.decoding.emulator;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.decoding.prompt.PromptFile;
import dev.patchlane.decoding.prompt.Task;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a structured answer is computed from: the facts of one task, read once.
 *
 * @param jobId the job, never null
 * @param kind the kind's slug, e.g. {@code lint-fix}, or {@code job} when the task names none
 * @param kindWords the slug's words, e.g. {@code [lint, fix]}
 * @param firstLine the instructions' first non-blank line, bounded
 * @param words the instructions' distinct lower-case words of four letters or more, in order, bounded
 * @param paths the target files' paths
 * @param lineCounts each target file's line count; 0 for a file without content
 * @param mentions for each target file, whether its content contains one of {@link #words}
 * @param level how serious the instructions sound
 */
record StructuredFacts(String jobId, String kind, List<String> kindWords, String firstLine, List<String> words,
        List<String> paths, List<Integer> lineCounts, List<Boolean> mentions, Level level) {

    static final int MAX_FIRST_LINE = 120;
    static final int MAX_WORDS = 64;
    private static final int MAX_SCANNED_CHARS = 2 * 1024 * 1024;

    private static final Set<String> STOP_WORDS = Set.of("this", "that", "with", "from", "into", "onto", "when", "then",
            "than", "them", "they", "there", "their", "these", "those", "what", "which", "while", "where", "should",
            "would", "could", "please", "make", "sure", "also", "only", "just", "have", "been", "being", "does", "done",
            "file", "files", "code", "each", "every", "some", "more", "most", "must", "will", "shall", "about", "after",
            "before", "over", "under", "again", "other", "such", "very", "your", "ours");
    private static final Set<String> HIGH = Set.of("security", "vulnerability", "vulnerable", "exploit", "injection",
            "crash", "crashes", "crashing", "panic", "outage", "deadlock", "corrupt", "corruption", "leak", "leaks",
            "critical", "urgent", "breach", "unsafe", "overflow", "rce", "xss", "csrf", "cve", "dataloss");
    private static final Set<String> LOW = Set.of("typo", "typos", "lint", "whitespace", "formatting", "style",
            "cosmetic", "comment", "comments", "docs", "documentation", "rename", "spelling", "wording", "readme", "nit");

    /** How serious the instructions sound. */
    enum Level {
        HIGH, LOW, UNKNOWN
    }

    static StructuredFacts of(Task task) {
        String jobId = task.jobId() == null || task.jobId().isBlank() ? "unknown" : task.jobId();
        JobKind kind = task.kind();
        String slug = kind == null ? "job" : kind.slug();
        String instructions = task.instructions() == null ? "" : task.instructions();
        List<String> allWords = words(instructions, Integer.MAX_VALUE, 1);
        List<String> words = new ArrayList<>();
        for (String word : allWords) {
            if (word.length() >= 4 && !STOP_WORDS.contains(word) && words.size() < MAX_WORDS) {
                words.add(word);
            }
        }
        Level level = allWords.stream().anyMatch(HIGH::contains) ? Level.HIGH
                : allWords.stream().anyMatch(LOW::contains) ? Level.LOW : Level.UNKNOWN;
        List<String> paths = new ArrayList<>();
        List<Integer> lineCounts = new ArrayList<>();
        List<Boolean> mentions = new ArrayList<>();
        for (PromptFile file : task.files()) {
            paths.add(file.path() == null ? "" : file.path());
            lineCounts.add(lineCount(file.content()));
            mentions.add(mentions(file.content(), words));
        }
        return new StructuredFacts(jobId, slug, List.of(slug.split("-")), firstLine(instructions), List.copyOf(words),
                List.copyOf(paths), List.copyOf(lineCounts), List.copyOf(mentions), level);
    }

    int totalLines() {
        return lineCounts.stream().mapToInt(Integer::intValue).sum();
    }

    boolean anyMention() {
        return mentions.contains(Boolean.TRUE);
    }

    /** The first eight characters of the job id, enough to tell jobs apart in a sentence. */
    String shortId() {
        return jobId.length() <= 8 ? jobId : jobId.substring(0, 8);
    }

    static int lineCount(String content) {
        if (content == null || content.isEmpty()) {
            return 0;
        }
        int lines = 0;
        for (int i = 0; i < content.length(); i++) {
            if (content.charAt(i) == '\n') {
                lines++;
            }
        }
        return content.endsWith("\n") ? lines : lines + 1;
    }

    private static boolean mentions(String content, List<String> words) {
        if (content == null || words.isEmpty()) {
            return false;
        }
        Set<String> present = new LinkedHashSet<>(words(content.length() > MAX_SCANNED_CHARS ? content.substring(0, MAX_SCANNED_CHARS) : content,
                Integer.MAX_VALUE, 4));
        return words.stream().anyMatch(present::contains);
    }

    private static String firstLine(String instructions) {
        for (String line : instructions.split("\n", 64)) {
            String stripped = line.strip();
            if (!stripped.isEmpty()) {
                return bounded(stripped, MAX_FIRST_LINE);
            }
        }
        return "no instructions given";
    }

    /** Cuts {@code text} to at most {@code max} code points, ending with an ellipsis when it was cut. */
    static String bounded(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, Math.max(0, max - 1))).strip() + "…";
    }

    // By hand, not with a regex: the text is untrusted and may be large.
    private static List<String> words(String text, int limit, int minLength) {
        Set<String> words = new LinkedHashSet<>();
        int start = -1;
        for (int i = 0; i <= text.length() && words.size() < limit; i++) {
            boolean letter = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                if (i - start >= minLength && i - start <= 40) {
                    words.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                }
                start = -1;
            }
        }
        return List.copyOf(words);
    }
}
