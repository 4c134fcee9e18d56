package dev.patchlane.decoding.emulator;

import dev.patchlane.decoding.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Breaks a reply the way a model that is weak at formatting does, where a checker can see it: a tool call's arguments
 * or a JSON reply lose their closing brace; failing those, every hunk header of a diff claims three lines more than
 * the hunk has.
 */
final class Malformation {

    private static final int EXTRA_LINES = 3;

    private Malformation() {
    }

    static Content of(Content content, boolean structured) {
        if (!content.toolCalls().isEmpty()) {
            List<ToolCall> calls = new ArrayList<>(content.toolCalls());
            ToolCall first = calls.get(0);
            calls.set(0, new ToolCall(first.id(), first.name(), withoutLastClosing(first.arguments())));
            return new Content(content.reply(), content.source(), calls);
        }
        String reply = content.reply().strip();
        if (structured && (reply.startsWith("{") || reply.startsWith("["))) {
            return new Content(withoutLastClosing(content.reply()), content.source(), content.toolCalls());
        }
        return new Content(withWrongHunkHeaders(content.reply()), content.source(), content.toolCalls());
    }

    private static String withoutLastClosing(String json) {
        int last = Math.max(json.lastIndexOf('}'), json.lastIndexOf(']'));
        return last < 0 ? json : json.substring(0, last) + json.substring(last + 1);
    }

    // Line by line and by hand: the reply holds repository content, which no backtracking regex should scan.
    static String withWrongHunkHeaders(String reply) {
        String[] lines = reply.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("@@ -")) {
                lines[i] = wrongHeader(lines[i]);
            }
        }
        return String.join("\n", lines);
    }

    // "@@ -a,b +c,d @@ ..." becomes "@@ -a,b+3 +c,d+3 @@ ..."; a missing count is 1.
    private static String wrongHeader(String header) {
        int close = header.indexOf(" @@", 3);
        if (close < 0) {
            return header;
        }
        String[] ranges = header.substring(3, close).split(" ");
        StringBuilder out = new StringBuilder("@@");
        for (String range : ranges) {
            int comma = range.indexOf(',');
            String start = comma < 0 ? range : range.substring(0, comma);
            int count = 1;
            if (comma >= 0) {
                try {
                    count = Integer.parseInt(range.substring(comma + 1));
                } catch (NumberFormatException e) {
                    return header;
                }
            }
            out.append(' ').append(start).append(',').append(count + EXTRA_LINES);
        }
        return out.append(header.substring(close)).toString();
    }
}
