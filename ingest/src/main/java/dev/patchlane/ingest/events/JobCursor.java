package dev.patchlane.ingest.events;

import java.util.regex.Pattern;

/**
 * A position in one job's stream: how many transitions of its history the client has, written {@code h<count>}. Every
 * status carries the whole history and the view keeps the newest, so this survives restarts: a resumed stream sends the
 * job's status only once its history is longer.
 */
public record JobCursor(int transitions) {

    private static final Pattern SHAPE = Pattern.compile("h\\d{1,9}");
    private static final int MAX_CHARS = 64;

    public static JobCursor parse(String text, String jobId, int known) {
        if (text.length() > MAX_CHARS || !SHAPE.matcher(text).matches()) {
            throw new BadCursorException("the event cursor " + BadCursorException.shown(text)
                    + " is not one of /jobs/{id}/events' (h<number of transitions the client has>)");
        }
        int transitions = Integer.parseInt(text.substring(1));
        if (transitions > known) {
            throw new BadCursorException("the event cursor h" + transitions + " is ahead of job " + jobId + ", which has " + known
                    + " transitions");
        }
        return new JobCursor(transitions);
    }

    public String text() {
        return "h" + transitions;
    }
}
