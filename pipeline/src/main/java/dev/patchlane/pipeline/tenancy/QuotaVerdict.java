package dev.patchlane.pipeline.tenancy;

import java.time.Duration;

/**
 * Whether a tenant may submit one more job now.
 *
 * @param admitted true when no limit is reached
 * @param limit the limit reached, e.g. {@code max-in-flight}, or null
 * @param detail the limit and the usage that reached it, for the 429 body
 * @param retryAfter when trying again may succeed
 */
public record QuotaVerdict(boolean admitted, String limit, String detail, Duration retryAfter) {

    public static final QuotaVerdict ADMITTED = new QuotaVerdict(true, null, null, Duration.ZERO);

    public static QuotaVerdict refused(String limit, String detail, Duration retryAfter) {
        return new QuotaVerdict(false, limit, detail, retryAfter);
    }
}
