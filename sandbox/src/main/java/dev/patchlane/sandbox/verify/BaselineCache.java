package dev.patchlane.sandbox.verify;

import dev.patchlane.contracts.CheckStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * How each check ended on an unpatched base commit, computed once per base commit, checks and sandbox mode and kept
 * for the most recent {@code capacity} of them; concurrent jobs on one base wait for the one run.
 */
public final class BaselineCache {

    private final int capacity;
    private final Map<String, CompletableFuture<Map<String, CheckStatus>>> entries;

    public BaselineCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The baseline for the key, running {@code compute} at most once per key while it stays cached. */
    public Map<String, CheckStatus> get(String key, Supplier<Map<String, CheckStatus>> compute) {
        CompletableFuture<Map<String, CheckStatus>> mine = new CompletableFuture<>();
        CompletableFuture<Map<String, CheckStatus>> existing;
        synchronized (entries) {
            existing = entries.putIfAbsent(key, mine);
            if (entries.size() > capacity) {
                entries.remove(entries.keySet().iterator().next());
            }
        }
        if (existing != null) {
            return existing.join();
        }
        try {
            mine.complete(Map.copyOf(compute.get()));
        } catch (RuntimeException e) {
            synchronized (entries) {
                entries.remove(key, mine);
            }
            mine.completeExceptionally(e);
            throw e;
        }
        return mine.join();
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
