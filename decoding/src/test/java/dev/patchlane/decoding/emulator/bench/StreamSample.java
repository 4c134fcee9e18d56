package dev.patchlane.decoding.emulator.bench;

/**
 * What one stream of a load run did, clock readings in {@link System#nanoTime()} nanoseconds. Written by one thread
 * at a time (the client's or the device's), read after the run.
 */
final class StreamSample {

    final int promptTokens;
    final double targetTtftSeconds;
    final double targetTokensPerSecond;
    volatile long sentAt;
    volatile long decoderCalledAt;
    volatile long firstEmittedAt;
    /** When the server had written the first chunk to the socket; 0 in process. */
    volatile long firstWrittenAt;
    volatile long firstTokenAt;
    volatile long lastTokenAt;
    volatile long completionTokens = -1;
    volatile int status;
    volatile String error;

    StreamSample(int promptTokens, double targetTtftSeconds, double targetTokensPerSecond) {
        this.promptTokens = promptTokens;
        this.targetTtftSeconds = targetTtftSeconds;
        this.targetTokensPerSecond = targetTokensPerSecond;
    }

    void token(long now) {
        if (firstTokenAt == 0) {
            firstTokenAt = now;
        }
        lastTokenAt = now;
    }

    boolean ok() {
        return error == null && completionTokens > 1 && firstTokenAt > 0 && lastTokenAt > firstTokenAt;
    }

    double ttftSeconds() {
        return (firstTokenAt - sentAt) / 1e9;
    }

    /** Completion tokens ÷ time from the first token to the last, as the brief defines it. */
    double tokensPerSecond() {
        return completionTokens / ((lastTokenAt - firstTokenAt) / 1e9);
    }
}
