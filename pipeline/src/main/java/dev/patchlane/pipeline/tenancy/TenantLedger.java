package dev.patchlane.pipeline.tenancy;

import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleBiFunction;

/**
 * Per-tenant usage folded from the status topic, one change of a job's status at a time: jobs in flight, submissions per
 * minute over the last hour, tokens and cost per UTC day. Its size grows with tenants, not with jobs. Every replica folds
 * the same topic, so every replica reads the same figures (within its view's lag).
 */
public final class TenantLedger {

    /** The tenant of jobs no tenant submitted (records written straight to Kafka, jobs from before tenants). */
    public static final String NO_TENANT = "-";

    private static final Duration HOUR = Duration.ofHours(1);

    private final Clock clock;
    private final ToDoubleBiFunction<Lane, Usage> price;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    /** @param price what a usage delta cost on a lane */
    public TenantLedger(Clock clock, ToDoubleBiFunction<Lane, Usage> price) {
        this.clock = clock;
        this.price = price;
    }

    /** Folds one change: {@code previous} null for a new job, {@code current} null for a job compacted away. */
    public void changed(JobStatus previous, JobStatus current) {
        JobStatus any = current != null ? current : previous;
        if (any == null) {
            return;
        }
        Account account = accounts.computeIfAbsent(tenantOf(any), t -> new Account());
        synchronized (account) {
            boolean wasInFlight = previous != null && !previous.isTerminal();
            boolean isInFlight = current != null && !current.isTerminal();
            account.inFlight += (isInFlight ? 1 : 0) - (wasInFlight ? 1 : 0);
            if (previous == null && current != null && !current.history().isEmpty()) {
                account.submitted(current.history().get(0).at(), clock.instant());
            }
            if (current != null) {
                Usage before = previous == null || previous.usage() == null ? Usage.NONE : previous.usage();
                Usage after = current.usage() == null ? Usage.NONE : current.usage();
                Usage delta = new Usage(Math.max(0, after.promptTokens() - before.promptTokens()),
                        Math.max(0, after.completionTokens() - before.completionTokens()));
                if (delta.promptTokens() + delta.completionTokens() > 0) {
                    account.spent(day(current.updatedAt()), delta.promptTokens() + delta.completionTokens(),
                            price.applyAsDouble(current.lane(), delta));
                }
            }
        }
    }

    public TenantUsage usage(String tenant) {
        Account account = accounts.get(tenant == null ? NO_TENANT : tenant);
        if (account == null) {
            return new TenantUsage(tenant, 0, 0, 0, 0);
        }
        Instant now = clock.instant();
        synchronized (account) {
            LocalDate today = day(now);
            return new TenantUsage(tenant, account.inFlight, account.submittedSince(now.minus(HOUR)),
                    today.equals(account.day) ? account.tokensToday : 0, today.equals(account.day) ? account.costToday : 0);
        }
    }

    /** When the oldest submission within the last hour leaves the hour, or one minute when none is known. */
    public Duration untilHourlySlotFrees(String tenant) {
        Account account = accounts.get(tenant == null ? NO_TENANT : tenant);
        Instant now = clock.instant();
        if (account == null) {
            return Duration.ofMinutes(1);
        }
        synchronized (account) {
            Instant oldest = account.oldestSince(now.minus(HOUR));
            if (oldest == null) {
                return Duration.ofMinutes(1);
            }
            Duration wait = Duration.between(now, oldest.plus(HOUR).plusSeconds(60));
            return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
        }
    }

    /** Until the next midnight UTC, when daily budgets start again. */
    public Duration untilNextDay() {
        Instant now = clock.instant();
        Instant midnight = day(now).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Duration.between(now, midnight);
    }

    private static String tenantOf(JobStatus status) {
        return status.tenant() == null ? NO_TENANT : status.tenant();
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** One tenant's running figures; guarded by its own monitor. */
    private static final class Account {

        private long inFlight;
        private final Deque<long[]> minutes = new ArrayDeque<>();
        private LocalDate day;
        private long tokensToday;
        private double costToday;

        void submitted(Instant at, Instant now) {
            if (at.isBefore(now.minus(HOUR))) {
                return;
            }
            long minute = at.getEpochSecond() / 60;
            prune(now.minus(HOUR));
            for (long[] bucket : minutes) {
                if (bucket[0] == minute) {
                    bucket[1]++;
                    return;
                }
            }
            minutes.add(new long[] {minute, 1});
        }

        long submittedSince(Instant since) {
            prune(since);
            long count = 0;
            for (long[] bucket : minutes) {
                count += bucket[1];
            }
            return count;
        }

        Instant oldestSince(Instant since) {
            prune(since);
            long oldest = Long.MAX_VALUE;
            for (long[] bucket : minutes) {
                oldest = Math.min(oldest, bucket[0]);
            }
            return oldest == Long.MAX_VALUE ? null : Instant.ofEpochSecond(oldest * 60);
        }

        private void prune(Instant since) {
            long first = since.getEpochSecond() / 60;
            minutes.removeIf(bucket -> bucket[0] < first);
        }

        void spent(LocalDate on, long tokens, double cost) {
            if (day == null || on.isAfter(day)) {
                day = on;
                tokensToday = 0;
                costToday = 0;
            }
            if (on.equals(day)) {
                tokensToday += tokens;
                costToday += cost;
            }
        }
    }
}
