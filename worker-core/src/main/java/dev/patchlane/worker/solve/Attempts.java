package dev.patchlane.worker.solve;

import dev.patchlane.contracts.DecoderInfo;
import dev.patchlane.contracts.OutcomeResult;
import dev.patchlane.contracts.Usage;
import dev.patchlane.decoding.DecodeResult;
import dev.patchlane.decoding.Decoder;
import dev.patchlane.decoding.DecoderException;
import dev.patchlane.worker.Attempt;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** What every solver says the same way: failures, excerpts, summaries and the decoder's label. */
public final class Attempts {

    private Attempts() {
    }

    public static long since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    public static Attempt failure(SolveContext context, String commit, String reason, Usage usage) {
        return new Attempt(OutcomeResult.FAILED, commit, null, reason, usage, since(context.startNanos()), 0, 0, context.decoder().describe());
    }

    public static DecoderInfo info(Decoder decoder, DecodeResult result) {
        DecoderInfo base = decoder.describe();
        String source = result.contentSource() == null ? "unknown (stream cancelled)" : result.contentSource();
        // An endpoint that labels its reply as patchlane's emulator is emulated, whatever decoder reached it.
        boolean emulated = base.emulated() || source.startsWith("emulator:");
        return new DecoderInfo(base.name(), base.model(), emulated, source, base.endpoint(), base.profile());
    }

    public static String describe(RuntimeException e) {
        return e instanceof DecoderException decoderFailure
                ? decoderFailure.failure().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + e.getMessage()
                : e.getMessage();
    }

    public static String excerpt(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return "\"" + (flat.length() <= 200 ? flat : flat.substring(0, 200) + "...") + "\"";
    }

    public static String summaryOf(String reply, List<String> paths) {
        String firstLine = reply.strip().lines().findFirst().orElse("").strip();
        if (firstLine.startsWith("```")) {
            firstLine = "changed";
        }
        return firstLine + " (" + String.join(", ", paths) + ")";
    }
}
