package dev.patchlane.decoding.emulator.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * A load run summed up against its targets: per-stream tokens/s as % of each stream's target (median, p5), TTFT
 * (median, p95) against the median target, total tokens/s.
 *
 * @param streams streams sent
 * @param failed streams that failed or lacked tokens
 * @param rateMedianPct median per-stream tokens/s, % of target
 * @param rateP5Pct 5th percentile per-stream tokens/s, % of target (95% of streams did at least this)
 * @param ttftMedianMs median time to first token
 * @param ttftP95Ms 95th percentile time to first token
 * @param ttftTargetMs the median of the streams' target TTFTs
 * @param targetTokensPerSecond the median of the streams' target tokens/s
 * @param totalTokensPerSecond all completion tokens ÷ time from the first send to the last token
 * @param completionTokens all completion tokens
 * @param admissionMs p50 and p95 from the stream's send time to the decoder being asked (client send, connect, server
 *     read and parse; in process: the generator's own delay)
 * @param deviceMs p50 and p95 from the decoder being asked to its first chunk (planning, prefill, overhead)
 * @param deliveryMs p50 and p95 from the first chunk's emission to the client reading it (server write, kernel, client)
 * @param writeMs p50 and p95 from the first chunk's emission to the server having written it; NaN in process
 * @param readMs p50 and p95 from the server having written the first chunk to the client reading it; NaN in process
 * @param serverTtftMs p50 and p95 from the decoder being asked to the server having written the first chunk; NaN in process
 */
record LoadStats(int streams, int failed, double rateMedianPct, double rateP5Pct, double ttftMedianMs, double ttftP95Ms,
        double ttftTargetMs, double targetTokensPerSecond, double totalTokensPerSecond, long completionTokens, double[] admissionMs,
        double[] deviceMs, double[] deliveryMs, double[] writeMs, double[] readMs, double[] serverTtftMs) {

    static LoadStats of(List<StreamSample> samples) {
        List<StreamSample> ok = samples.stream().filter(StreamSample::ok).toList();
        if (ok.isEmpty()) {
            return new LoadStats(samples.size(), samples.size(), 0, 0, 0, 0, 0, 0, 0, 0, new double[2], new double[2], new double[2],
                    new double[2], new double[2], new double[2]);
        }
        double[] ratePct = ok.stream().mapToDouble(s -> 100 * s.tokensPerSecond() / s.targetTokensPerSecond).toArray();
        double[] ttftMs = ok.stream().mapToDouble(s -> s.ttftSeconds() * 1000).toArray();
        double[] targetTtftMs = ok.stream().mapToDouble(s -> s.targetTtftSeconds * 1000).toArray();
        double[] targetRate = ok.stream().mapToDouble(s -> s.targetTokensPerSecond).toArray();
        long tokens = ok.stream().mapToLong(s -> s.completionTokens).sum();
        long first = ok.stream().mapToLong(s -> s.sentAt).min().orElseThrow();
        long last = ok.stream().mapToLong(s -> s.lastTokenAt).max().orElseThrow();
        return new LoadStats(samples.size(), samples.size() - ok.size(), percentile(ratePct, 50), percentile(ratePct, 5),
                percentile(ttftMs, 50), percentile(ttftMs, 95), percentile(targetTtftMs, 50), percentile(targetRate, 50),
                tokens / ((last - first) / 1e9), tokens,
                p50p95(ok.stream().mapToDouble(s -> (s.decoderCalledAt - s.sentAt) / 1e6).toArray()),
                p50p95(ok.stream().mapToDouble(s -> (s.firstEmittedAt - s.decoderCalledAt) / 1e6).toArray()),
                p50p95(ok.stream().mapToDouble(s -> (s.firstTokenAt - s.firstEmittedAt) / 1e6).toArray()),
                written(ok, s -> s.firstWrittenAt - s.firstEmittedAt), written(ok, s -> s.firstTokenAt - s.firstWrittenAt),
                written(ok, s -> s.firstWrittenAt - s.decoderCalledAt));
    }

    private static double[] written(List<StreamSample> ok, ToLongFunction<StreamSample> nanos) {
        if (ok.stream().anyMatch(s -> s.firstWrittenAt == 0)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return p50p95(ok.stream().mapToDouble(s -> nanos.applyAsLong(s) / 1e6).toArray());
    }

    private static double[] p50p95(double[] values) {
        return new double[] {percentile(values, 50), percentile(values, 95)};
    }

    /** Nearest rank. */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    boolean rateGoalMet() {
        return failed == 0 && rateMedianPct >= 95 && rateP5Pct >= 95;
    }

    boolean ttftGoalMet() {
        return failed == 0 && Math.abs(ttftMedianMs / ttftTargetMs - 1) <= 0.10 && Math.abs(ttftP95Ms / ttftTargetMs - 1) <= 0.10;
    }

    static String f(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
