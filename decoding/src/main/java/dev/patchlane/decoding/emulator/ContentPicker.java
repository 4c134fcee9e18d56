package dev.patchlane.decoding.emulator;

import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.ToolCall;
import dev.patchlane.decoding.ToolSpec;
import dev.patchlane.decoding.prompt.PromptFormat;
import dev.patchlane.decoding.prompt.Task;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the prompt as a model would and asks the content sources in order; a prompt in no known format is echoed. */
final class ContentPicker {

    private final String lane;
    private final List<ContentSource> sources;
    private final AgentPlayer agent;

    ContentPicker(String lane, List<ContentSource> sources) {
        this.lane = lane;
        this.sources = List.copyOf(sources);
        this.agent = new AgentPlayer(lane, sources);
    }

    /** The task the prompt states, when it is in {@link PromptFormat}. */
    static Optional<Task> taskOf(DecodeRequest request) {
        try {
            // the first user message states the task; later ones are an agent's nudges or a re-ask
            return Optional.of(PromptFormat.parse(request.firstUserMessage()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    Content contentFor(DecodeRequest request, Optional<Task> parsed) {
        if (parsed.isEmpty()) {
            return new Content(request.lastUserMessage(), "echo");
        }
        Task task = parsed.get();
        if (request.outputSchema() != null && !request.outputSchema().isNull()) {
            return new Content(StructuredDocuments.reply(request.outputSchema(), task), "structured:computed-from-job");
        }
        if (AgentPlayer.applies(request)) {
            return offeredCallsOnly(agent.next(request, task), request.tools());
        }
        for (ContentSource source : sources) {
            Optional<Content> content = source.answer(task, lane);
            if (content.isPresent()) {
                return offeredCallsOnly(content.get(), request.tools());
            }
        }
        return new Content("The emulator cannot produce a change for this task: it has no fixer for " + task.kind()
                + " jobs and no script entry matches.\n", "none");
    }

    // A model can only call the functions the request offers.
    private static Content offeredCallsOnly(Content content, List<ToolSpec> tools) {
        Set<String> offered = tools.stream().map(ToolSpec::name).collect(Collectors.toSet());
        List<ToolCall> calls = content.toolCalls().stream().filter(call -> offered.contains(call.name())).toList();
        return new Content(content.reply(), content.source(), calls);
    }
}
