package dev.patchlane.contracts;

/**
 * Why a job was moved from the fast lane to the deep lane: the failure becomes context for the deep attempt.
 *
 * @param fromLane the lane that failed
 * @param failure why that lane's result was not usable
 * @param failedOutput the start of the failed output, for the next model to learn from, or null
 */
public record Escalation(Lane fromLane, String failure, String failedOutput) {
}
