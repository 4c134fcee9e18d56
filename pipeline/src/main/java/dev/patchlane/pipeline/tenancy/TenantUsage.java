package dev.patchlane.pipeline.tenancy;

/**
 * What one tenant has in flight and has spent, as every replica's view of the status topic reads it.
 *
 * @param tenant the tenant
 * @param inFlight jobs not yet terminal
 * @param submittedLastHour jobs submitted in the last 60 minutes
 * @param tokensToday prompt plus completion tokens recorded since midnight UTC
 * @param costTodayUsd those tokens at the lanes' configured prices
 */
public record TenantUsage(String tenant, long inFlight, long submittedLastHour, long tokensToday, double costTodayUsd) {
}
