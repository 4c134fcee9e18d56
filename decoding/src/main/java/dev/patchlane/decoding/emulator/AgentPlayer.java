package dev.patchlane.decoding.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.contracts.Json;
import dev.patchlane.decoding.ChatMessage;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.ToolCall;
import dev.patchlane.decoding.ToolSpec;
import dev.patchlane.decoding.prompt.Answer;
import dev.patchlane.decoding.prompt.PromptFile;
import dev.patchlane.decoding.prompt.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The emulator's agent: given a conversation with function tools, it takes the next step a careful model would, from
 * what the tools really returned: read the targets, run the declared checks, make the edit its content sources compute
 * from the files it read, run the checks again, and finish. Nothing is canned: the edit is computed from the files.
 */
final class AgentPlayer {

    private static final String READ = "read_file";
    private static final String APPLY = "apply_diff";
    private static final String WRITE = "write_file";
    private static final String CHECK = "run_check";
    private static final String FINISH = "finish";

    private final String lane;
    private final List<ContentSource> sources;

    AgentPlayer(String lane, List<ContentSource> sources) {
        this.lane = lane;
        this.sources = List.copyOf(sources);
    }

    static boolean applies(DecodeRequest request) {
        return request.tools().stream().anyMatch(tool -> tool.name().equals(FINISH));
    }

    Content next(DecodeRequest request, Task task) {
        Conversation seen = Conversation.of(request.messages());
        int turn = seen.turns + 1;
        List<String> unread = task.files().stream().map(PromptFile::path).filter(path -> !seen.readAttempted.containsKey(path)).toList();
        if (!unread.isEmpty() && offered(request, READ)) {
            return calls(turn, "Reading the target files.", "agent:read", unread.stream().map(path -> call(READ, "path", path)).toList());
        }
        List<String> checks = checkNames(request);
        if (!checks.isEmpty() && seen.checksBeforeEdit == 0 && !seen.edited) {
            return calls(turn, "Running the repository's checks before changing anything.", "agent:check",
                    checks.stream().map(name -> call(CHECK, "name", name)).toList());
        }
        Task withFiles = new Task(task.jobId(), task.kind(), task.instructions(),
                task.files().stream().map(file -> new PromptFile(file.path(), seen.readAttempted.get(file.path()))).toList(),
                task.previousFailure());
        Optional<Content> answer = answer(withFiles);
        String source = answer.map(Content::source).orElse("none");
        if (!seen.edited) {
            if (seen.editError != null) {
                return finish(turn, "give_up", "my edit did not apply: " + seen.editError, source);
            }
            if (answer.isEmpty()) {
                return finish(turn, "give_up", "the emulator cannot produce a change for this task: it has no fixer for " + task.kind()
                        + " jobs and no script entry matches", "none");
            }
            Optional<Answer> parsed = Answer.parse(answer.get().reply());
            if (parsed.isEmpty()) {
                return finish(turn, "give_up", "my content source gave no usable change", source);
            }
            if (parsed.get().diff() == null) {
                return finish(turn, "no_change", parsed.get().noChangeReason(), source);
            }
            String diff = parsed.get().diff();
            if (SimulatedDifficulty.unsolved(task, lane)) {
                // the deep class's wrong answer for a job too hard for it: an edit that breaks the build
                diff = InjectedDefect.breakLastBrace(diff).orElse(diff);
                source += SimulatedDifficulty.LABEL;
            }
            return calls(turn, firstLine(answer.get().reply()), "agent+" + source, List.of(call(APPLY, "diff", diff)));
        }
        if (!checks.isEmpty() && seen.checksAfterEdit == 0) {
            return calls(turn, "Running the checks on the change.", "agent+" + source, checks.stream().map(name -> call(CHECK, "name", name)).toList());
        }
        String verdict = seen.checkFailuresAfterEdit == 0 ? (checks.isEmpty() ? "no checks declared" : "checks pass")
                : seen.checkFailuresAfterEdit + " check(s) still fail";
        return finish(turn, "patch", firstLine(answer.map(Content::reply).orElse("changed")) + " (" + verdict + ")", "agent+" + source);
    }

    private Optional<Content> answer(Task task) {
        for (ContentSource source : sources) {
            Optional<Content> content = source.answer(task, lane);
            if (content.isPresent()) {
                return content;
            }
        }
        return Optional.empty();
    }

    private static Content finish(int turn, String outcome, String summary, String source) {
        ObjectNode arguments = Json.mapper().createObjectNode().put("outcome", outcome).put("summary", summary);
        return new Content("Done.", "agent+" + source.replaceFirst("^agent\\+", ""), List.of(new ToolCall(id(turn, 0), FINISH, arguments.toString())));
    }

    private static Content calls(int turn, String text, String source, List<ObjectNode> arguments) {
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            ObjectNode node = arguments.get(i);
            String name = node.remove("__tool").asText();
            calls.add(new ToolCall(id(turn, i), name, node.toString()));
        }
        return new Content(text + "\n", source, calls);
    }

    private static ObjectNode call(String tool, String field, String value) {
        ObjectNode node = Json.mapper().createObjectNode().put(field, value);
        node.put("__tool", tool);
        return node;
    }

    private static String id(int turn, int index) {
        return "call_" + turn + "_" + index;
    }

    private static boolean offered(DecodeRequest request, String name) {
        return request.tools().stream().anyMatch(tool -> tool.name().equals(name));
    }

    /** The checks the run_check tool offers, from the enum of its {@code name} parameter. */
    private static List<String> checkNames(DecodeRequest request) {
        List<String> names = new ArrayList<>();
        for (ToolSpec tool : request.tools()) {
            if (tool.name().equals(CHECK) && tool.parameters() != null) {
                tool.parameters().path("properties").path("name").path("enum").forEach(value -> names.add(value.asText()));
            }
        }
        return names;
    }

    private static String firstLine(String reply) {
        String line = reply.strip().lines().findFirst().orElse("").strip();
        return line.startsWith("```") || line.isEmpty() ? "Changed the target files." : line;
    }

    /** What the tools said so far. */
    private static final class Conversation {
        private final Map<String, String> readAttempted = new LinkedHashMap<>();
        private int turns;
        private boolean edited;
        private String editError;
        private int checksBeforeEdit;
        private int checksAfterEdit;
        private int checkFailuresAfterEdit;

        static Conversation of(List<ChatMessage> messages) {
            Conversation seen = new Conversation();
            Map<String, ToolCall> calls = new HashMap<>();
            for (ChatMessage message : messages) {
                if (message.role().equals("assistant")) {
                    seen.turns++;
                    message.toolCalls().forEach(call -> calls.put(call.id(), call));
                } else if (message.isToolResult() && calls.containsKey(message.toolCallId())) {
                    seen.record(calls.get(message.toolCallId()), message.content());
                }
            }
            return seen;
        }

        private void record(ToolCall call, String result) {
            boolean failed = result.startsWith("error:");
            switch (call.name()) {
                case READ -> argument(call, "path").ifPresent(path -> readAttempted.put(path, failed ? null : result));
                case APPLY, WRITE -> {
                    if (failed) {
                        editError = result.substring("error:".length()).strip();
                    } else {
                        edited = true;
                    }
                }
                case CHECK -> {
                    if (edited) {
                        checksAfterEdit++;
                        if (!result.contains(": PASSED")) {
                            checkFailuresAfterEdit++;
                        }
                    } else {
                        checksBeforeEdit++;
                    }
                }
                default -> {
                    // listing, searching and finishing change nothing the next step depends on
                }
            }
        }

        private static Optional<String> argument(ToolCall call, String name) {
            try {
                JsonNode node = Json.mapper().readTree(call.arguments());
                return node.hasNonNull(name) ? Optional.of(node.get(name).asText()) : Optional.empty();
            } catch (Exception e) {
                return Optional.empty();
            }
        }
    }
}
