package dev.patchlane.worker.agent;

/**
 * What a tool sends back to the model, and what the trail records of it.
 *
 * @param content the text the model sees
 * @param ok false when the tool refused or failed the call
 * @param note a few words for the trail
 * @param finish set when the call was {@code finish}: the loop ends with it
 */
record ToolReply(String content, boolean ok, String note, Finish finish) {

    static ToolReply ok(String content, String note) {
        return new ToolReply(content, true, note, null);
    }

    static ToolReply refused(String why) {
        return new ToolReply("error: " + why, false, why, null);
    }
}
