package dev.patchlane.contracts;

import java.time.Instant;

/**
 * One step of a job's lifecycle.
 *
 * @param state the state entered
 * @param stage who moved it there, e.g. {@code ingest}, {@code router}, {@code fast-worker}
 * @param at when
 * @param lane the lane involved, or null
 * @param reason why, in words
 */
public record Transition(JobState state, String stage, Instant at, Lane lane, String reason) {
}
