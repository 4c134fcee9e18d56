package dev.patchlane.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A job on its way to a lane, as written to {@link Topics#FAST} or {@link Topics#DEEP}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param job the job
 * @param decision the lane and why
 * @param attempt 1 for the first attempt, 2 after an escalation
 * @param escalation why the previous attempt was escalated, or null
 * @param usageSoFar tokens spent by earlier attempts
 * @param history the job's transitions so far
 * @param routedAt when the router sent it
 * @param costSoFarUsd dollars spent by earlier attempts at their lanes' prices, or null for none (records from before budgets)
 */
public record RoutedJob(
        int schemaVersion,
        Job job,
        RouteDecision decision,
        int attempt,
        Escalation escalation,
        Usage usageSoFar,
        List<Transition> history,
        Instant routedAt,
        Double costSoFarUsd) {

    public static final int SCHEMA_VERSION = 1;

    /** A routed job whose earlier attempts cost nothing (a first attempt). */
    public RoutedJob(int schemaVersion, Job job, RouteDecision decision, int attempt, Escalation escalation, Usage usageSoFar,
            List<Transition> history, Instant routedAt) {
        this(schemaVersion, job, decision, attempt, escalation, usageSoFar, history, routedAt, null);
    }

    /** Dollars spent by earlier attempts; 0 when none is recorded. */
    public double costSoFar() {
        return costSoFarUsd == null ? 0 : costSoFarUsd;
    }

    public RoutedJob {
        history = List.copyOf(history);
    }
}
