package dev.patchlane.contracts;

/**
 * One tool call of the deep lane's agent loop, as the trail shows it.
 *
 * @param turn the model turn that made the call, from 1
 * @param tool the tool's name as the model gave it
 * @param arguments a bounded summary of the arguments (a path, a check name, a diff's size), never the whole text
 * @param ok false when the tool refused or failed the call
 * @param resultBytes the size of what was sent back to the model
 * @param durationMs how long the tool took
 * @param note what happened, in a few words, e.g. {@code 3 files} or {@code path outside the repository}
 */
public record AgentStep(int turn, String tool, String arguments, boolean ok, int resultBytes, long durationMs, String note) {
}
