package dev.patchlane.decoding.emulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.codebase.FileChange;
import dev.patchlane.codebase.UnifiedDiff;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Json;
import dev.patchlane.decoding.ToolCall;
import dev.patchlane.decoding.prompt.PromptFile;
import dev.patchlane.decoding.prompt.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers from a script file, for demos and tests: each entry matches tasks and lists the edits a model would make.
 * An entry restricted to some lanes makes the other lanes answer without a usable patch, as a weaker model would.
 */
public final class ScriptedContent implements ContentSource {

    private final List<Entry> entries;

    public ScriptedContent(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ScriptedContent load(Path file) {
        try {
            return new ScriptedContent(List.of(Json.mapper().readValue(Files.readAllBytes(file), Script.class).entries()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read emulator script " + file, e);
        }
    }

    @Override
    public Optional<Content> answer(Task task, String lane) {
        return entries.stream().filter(entry -> entry.matches(task)).findFirst().map(entry -> entry.reply(task, lane));
    }

    /**
     * @param entries the script's entries, first match wins
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Script(Entry[] entries) {
    }

    /**
     * One scripted answer.
     *
     * @param name a name for labels and logs
     * @param kind the job kind it answers
     * @param path a target path the job must include, or null
     * @param instructionsContain text the instructions must contain, or null
     * @param lanes the lanes that solve it; others fail to; null means every lane
     * @param summary what the answer says it did
     * @param edits the changes
     * @param toolCalls function calls the answer makes when the request offers those functions; null or empty for none
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String name, JobKind kind, String path, String instructionsContain, List<String> lanes, String summary,
            List<Edit> edits, List<Call> toolCalls) {

        public Entry(String name, JobKind kind, String path, String instructionsContain, List<String> lanes, String summary,
                List<Edit> edits) {
            this(name, kind, path, instructionsContain, lanes, summary, edits, null);
        }

        boolean matches(Task task) {
            return kind == task.kind()
                    && (path == null || task.files().stream().anyMatch(f -> f.path().equals(path)))
                    && (instructionsContain == null || task.instructions().contains(instructionsContain));
        }

        Content reply(Task task, String lane) {
            String label = "script:" + name;
            if (lanes != null && lanes.stream().noneMatch(l -> l.equalsIgnoreCase(lane))) {
                return new Content("I looked at " + String.join(", ", task.files().stream().map(PromptFile::path).toList())
                        + " but could not work out a safe change for this " + task.kind().name().toLowerCase(Locale.ROOT)
                        + " task.\n", label + ":unsolved-on-" + lane.toLowerCase(Locale.ROOT));
            }
            List<FileChange> changes = new ArrayList<>();
            for (Edit edit : edits) {
                Optional<PromptFile> shown = task.files().stream().filter(f -> f.path().equals(edit.path())).findFirst();
                String before = shown.map(PromptFile::content).orElse(null);
                changes.add(new FileChange(edit.path(), before, edit.apply(before)));
            }
            String diff = UnifiedDiff.of(changes);
            List<ToolCall> calls = new ArrayList<>();
            for (Call call : toolCalls == null ? List.<Call>of() : toolCalls) {
                calls.add(new ToolCall("call_" + name + "_" + (calls.size() + 1), call.name(), String.valueOf(call.arguments())));
            }
            return new Content(diff.isEmpty() ? Replies.noChange("the scripted edits are already present") : Replies.diff(summary, diff),
                    label, calls);
        }
    }

    /**
     * A scripted function call.
     *
     * @param name the function, one of the request's tools
     * @param arguments its arguments, as a JSON object
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Call(String name, JsonNode arguments) {
    }

    /**
     * One edit: replace {@code find} with {@code replace} in an existing file, or write {@code content} as the whole file.
     *
     * @param path repository-relative path
     * @param find literal text to find, or null with {@code content}
     * @param replace its replacement
     * @param content the whole new file, or null with {@code find}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Edit(String path, String find, String replace, String content) {

        String apply(String before) {
            if (content != null) {
                return content;
            }
            if (before == null) {
                return "";
            }
            return before.replace(find, replace);
        }
    }
}
