package dev.patchlane.app.cli.client;

/**
 * One event of a {@code text/event-stream}.
 *
 * @param id the {@code id:} field, the cursor to resume after it, or null when the event had none
 * @param event the {@code event:} field, {@code message} when the event had none
 * @param data the {@code data:} lines, joined by newlines
 */
public record ServerSentEvent(String id, String event, String data) {
}
