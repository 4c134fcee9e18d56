package dev.patchlane.router;

import dev.patchlane.codebase.Snapshot;
import dev.patchlane.contracts.Job;
import dev.patchlane.decoding.TokenCounter;

/** Estimates a job's context: its instructions plus its target files at the base ref, in {@code o200k_base} tokens. */
final class ContextMeasure {

    private ContextMeasure() {
    }

    static long tokens(Job job, Snapshot snapshot) {
        long tokens = TokenCounter.count(job.instructions());
        for (String path : job.targetPaths()) {
            tokens += snapshot.readText(path).map(TokenCounter::count).orElse(0);
        }
        return tokens;
    }
}
