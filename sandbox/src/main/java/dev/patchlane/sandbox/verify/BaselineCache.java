package dev.patchlane.sandbox.verify;

import dev.patchlane.contracts.CheckStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
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

    /**
     * The baseline for the key, running {@code compute} at most once per key while it stays cached; a result that
     * {@code keep} refuses (a timeout, a start failure) answers the callers waiting for it and is then forgotten.
     */
    public Map<String, CheckStatus> get(String key, Supplier<Map<String, CheckStatus>> compute, Predicate<Map<String, CheckStatus>> keep) {
        CompletableFuture<Map<String, CheckStatus>> mine = new CompletableFuture<>();
        CompletableFuture<Map<String, CheckStatus>> existing;
        synchronized (entries) {
            existing = entries.putIfAbsent(key, mine);
            if (entries.size() > capacity) {
                entries.remove(entries.keySet().iterator().next());
            }
        }
        if (existing != null) {
            return await(existing);
        }
        Map<String, CheckStatus> result;
        try {
            result = Map.copyOf(compute.get());
        } catch (Throwable e) {
            forget(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        mine.complete(result);
        if (!keep.test(result)) {
            forget(key, mine);
        }
        return result;
    }

    private void forget(String key, CompletableFuture<Map<String, CheckStatus>> entry) {
        synchronized (entries) {
            entries.remove(key, entry);
        }
    }

    private static Map<String, CheckStatus> await(CompletableFuture<Map<String, CheckStatus>> entry) {
        try {
            return entry.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the base commit's checks", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("the base commit's checks failed: " + e.getCause(), e.getCause());
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
