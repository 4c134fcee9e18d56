package dev.patchlane.decoding.emulator;

import com.knuddels.jtokkit.api.IntArrayList;
import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeEvent;
import dev.patchlane.decoding.DecodeRequest;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.TokenCounter;
import dev.patchlane.decoding.prompt.PromptFormat;
import dev.patchlane.decoding.prompt.Task;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default decoder: it streams a real answer from its content sources at the speed of its profile, token
 * by token ({@code o200k_base}), and stops as soon as the subscriber cancels.
 */
public final class EmulatedDecoder implements Decoder {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final EmulatorProfile profile;
    private final List<ContentSource> sources;
    private final ExecutorService streams = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "decoder-emulator");
        thread.setDaemon(true);
        return thread;
    });

    public EmulatedDecoder(EmulatorProfile profile, List<ContentSource> sources) {
        this.profile = profile;
        this.sources = List.copyOf(sources);
    }

    @Override
    public DecoderInfo describe() {
        return new DecoderInfo("emulator", profile.model(), true, "emulator", "in-process", profile.name());
    }

    @Override
    public Multi<DecodeEvent> stream(DecodeRequest request) {
        return Multi.createFrom().emitter(emitter -> streams.execute(() -> run(request, emitter)));
    }

    Content contentFor(DecodeRequest request) {
        Task task;
        try {
            task = PromptFormat.parse(request.lastUserMessage());
        } catch (IllegalArgumentException e) {
            return new Content(request.lastUserMessage(), "echo");
        }
        for (ContentSource source : sources) {
            Optional<Content> content = source.answer(task, profile.name());
            if (content.isPresent()) {
                return content.get();
            }
        }
        return new Content("The emulator cannot produce a change for this task: it has no fixer for " + task.kind()
                + " jobs and no script entry matches.\n", "none");
    }

    private void run(DecodeRequest request, MultiEmitter<? super DecodeEvent> emitter) {
        try {
            Content content = contentFor(request);
            IntArrayList tokens = TokenCounter.encode(content.reply());
            int limit = Math.min(tokens.size(), request.maxOutputTokens());
            if (!pause(profile.timeToFirstToken().toNanos(), emitter)) {
                return;
            }
            Utf8Chunks utf8 = new Utf8Chunks();
            long start = System.nanoTime();
            int sent = 0;
            while (sent < limit) {
                double elapsedSeconds = (System.nanoTime() - start) / 1e9;
                int due = Math.min(limit, 1 + (int) (elapsedSeconds * profile.tokensPerSecond()));
                if (due > sent) {
                    emitter.emit(new DecodeEvent.Chunk(utf8.next(slice(tokens, sent, due)), due - sent));
                    sent = due;
                }
                if (sent < limit && !pause(TICK_NANOS, emitter)) {
                    return;
                }
            }
            String finishReason = limit < tokens.size() ? "length" : "stop";
            emitter.emit(new DecodeEvent.Finished(new Usage(request.promptTokens(), limit), finishReason, content.source()));
            emitter.complete();
        } catch (RuntimeException e) {
            emitter.fail(e);
        }
    }

    private static byte[] slice(IntArrayList tokens, int from, int to) {
        IntArrayList slice = new IntArrayList(to - from);
        for (int i = from; i < to; i++) {
            slice.add(tokens.get(i));
        }
        return TokenCounter.decodeBytes(slice);
    }

    /** Tokens may split a UTF-8 character; the tail of one chunk's bytes waits for the next. */
    private static final class Utf8Chunks {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private byte[] pending = new byte[0];

        String next(byte[] bytes) {
            ByteBuffer input = ByteBuffer.allocate(pending.length + bytes.length).put(pending).put(bytes).flip();
            CharBuffer output = CharBuffer.allocate(input.remaining() + 2);
            decoder.decode(input, output, false);
            pending = new byte[input.remaining()];
            input.get(pending);
            return output.flip().toString();
        }
    }

    private static boolean pause(long nanos, MultiEmitter<?> emitter) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            if (emitter.isCancelled()) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(TICK_NANOS, end - System.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !emitter.isCancelled();
    }
}
