package dev.patchlane.decoding.emulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws each request's faults from the seed, the request's key (its job id) and how often this key was seen, so that
 * the same requests meet the same faults whatever order concurrent workers send them in, and a retry draws afresh.
 */
final class FaultInjector {

    private static final int REMEMBERED_KEYS = 100_000;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final FaultSettings rates;
    private final long seed;
    private final Map<String, Integer> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED_KEYS;
        }
    };

    FaultInjector(FaultSettings rates, long seed) {
        this.rates = rates;
        this.seed = seed;
    }

    FaultPlan draw(String key) {
        int occurrence;
        synchronized (seen) {
            occurrence = seen.merge(key, 1, Integer::sum);
        }
        return draw(key, occurrence);
    }

    // Every draw is taken whatever the rates, so changing one rate does not move the others' faults to other requests.
    FaultPlan draw(String key, int occurrence) {
        SplittableRandom random = new SplittableRandom(seed * GOLDEN ^ ((long) key.hashCode() << 32 | occurrence));
        boolean rateLimit = random.nextDouble() < rates.rateLimit();
        boolean serverError = random.nextDouble() < rates.serverError();
        int status = random.nextBoolean() ? 500 : 503;
        boolean cut = random.nextDouble() < rates.streamCut();
        double cutAt = random.nextDouble();
        boolean truncate = random.nextDouble() < rates.truncation();
        double truncateAt = random.nextDouble();
        boolean malformed = random.nextDouble() < rates.malformedStructuredOutput();
        boolean breaksChecks = random.nextDouble() < rates.checkFailure();
        return new FaultPlan(rateLimit, serverError ? status : 0, cut ? cutAt : -1, truncate ? truncateAt : -1, malformed, breaksChecks);
    }
}
