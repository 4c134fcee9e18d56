package dev.patchlane.decoding.emulator;

import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.decoding.Failure;
import dev.patchlane.decoding.TokenCounter;
import dev.patchlane.decoding.prompt.Task;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides, on the caller's thread, what a request's stream will do: it refuses what does not fit the context window,
 * draws the faults, picks and tokenizes the content and fixes where the stream ends. The prompt is tokenized once; an
 * echoed reply reuses its tokens.
 */
final class StreamPlanner {

    /** What an injected 429 asks the client to wait. */
    static final Duration INJECTED_RETRY_AFTER = Duration.ofSeconds(1);

    private final String lane;
    private final String model;
    private final int contextWindow;
    private final ContentPicker picker;
    private final FaultInjector faults;

    StreamPlanner(String lane, String model, int contextWindow, ContentPicker picker, FaultInjector faults) {
        this.lane = lane;
        this.model = model;
        this.contextWindow = contextWindow;
        this.picker = picker;
        this.faults = faults;
    }

    StreamPlan plan(DecodeRequest request) {
        PromptTokens prompt = PromptTokens.of(request);
        int promptTokens = prompt.count();
        if ((long) promptTokens + request.maxOutputTokens() > contextWindow) {
            throw new DecoderException(Failure.CONTEXT_LENGTH_EXCEEDED, 400, null, promptTokens + " prompt tokens plus "
                    + request.maxOutputTokens() + " output tokens exceed " + model + "'s context window of " + contextWindow, null);
        }
        Optional<Task> task = ContentPicker.taskOf(request);
        FaultPlan fault = faults.draw(lane + ":" + task.map(Task::jobId).orElse("echo-" + Integer.toHexString(request.lastUserMessage().hashCode())));
        if (fault.rateLimit()) {
            throw new DecoderException(Failure.RATE_LIMITED, 429, INJECTED_RETRY_AFTER, "emulated 429 (injected fault)", null);
        }
        if (fault.serverErrorStatus() > 0) {
            throw new DecoderException(Failure.SERVER_ERROR, fault.serverErrorStatus(), null,
                    "emulated " + fault.serverErrorStatus() + " (injected fault)", null);
        }
        Content content = picker.contentFor(request, task);
        if (fault.breaksChecks() && request.tools().isEmpty() && request.outputSchema() == null) {
            content = InjectedDefect.of(content);
        } else if (task.isPresent() && SimulatedDifficulty.unsolved(task.get(), lane) && request.tools().isEmpty() && request.outputSchema() == null) {
            content = SimulatedDifficulty.unsolvedContent(content);
        }
        if (fault.malformed()) {
            boolean structured = (request.outputSchema() != null && !request.outputSchema().isNull()) || !request.tools().isEmpty();
            content = Malformation.of(content, structured);
        }
        TokenizedText text = prompt.reply(content.reply());
        int toolTokens = content.toolCalls().stream().mapToInt(call -> TokenCounter.count(call.arguments())).sum();
        int planned = text.tokens() + toolTokens;
        int end = Math.min(planned, Math.max(0, request.maxOutputTokens()));
        if (fault.truncates()) {
            end = Math.min(end, (int) (fault.truncateAt() * planned));
        }
        String finishReason = end < planned ? "length" : content.toolCalls().isEmpty() ? "stop" : "tool_calls";
        boolean cut = fault.cuts();
        if (cut) {
            end = (int) (fault.cutAt() * end);
        }
        return new StreamPlan(promptTokens, text, content.toolCalls(), toolTokens, end, cut, finishReason, content.source());
    }

    static DecoderException streamCut(int sent) {
        return new DecoderException(Failure.STREAM_CUT, 0, null, "emulated stream cut after " + sent + " tokens (injected fault)",
                null);
    }
}
