package dev.patchlane.pipeline.tenancy;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/** One tenant's admission limits; an empty limit is not enforced. */
public record QuotaLimits(OptionalLong maxInFlight, OptionalLong maxJobsPerHour, OptionalLong maxTokensPerDay,
        OptionalDouble maxCostPerDayUsd) {
}
