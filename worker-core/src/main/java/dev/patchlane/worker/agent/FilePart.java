package dev.patchlane.worker.agent;

/**
 * The whole lines of a file that fit in a tool result, from a given line, and how to read on; so that a model never
 * mistakes a cut file for the whole file.
 *
 * @param lines the selected lines, each with its newline
 * @param first the first line shown, from 1
 * @param last the last line shown
 * @param total the file's line count
 */
record FilePart(String lines, int first, int last, int total) {

    static FilePart of(String content, int startLine, int maxChars) {
        String[] all = content.split("(?<=\n)", -1);
        int total = all.length > 0 && all[all.length - 1].isEmpty() ? all.length - 1 : all.length;
        StringBuilder out = new StringBuilder();
        int line = Math.max(1, startLine);
        int last = line - 1;
        while (last < total && out.length() + all[last].length() <= maxChars) {
            out.append(all[last]);
            last++;
        }
        if (last == line - 1 && last < total) {
            // one line longer than a result: show its start rather than nothing
            out.append(all[last], 0, Math.min(all[last].length(), maxChars));
            last++;
        }
        return new FilePart(out.toString(), line, last, total);
    }

    String render() {
        if (first > total) {
            return "[the file has " + total + " lines; nothing from line " + first + "]";
        }
        String more = last < total ? "; call read_file with start_line=" + (last + 1) + " to read on" : "";
        return "[lines " + first + "-" + last + " of " + total + more + "]\n" + lines;
    }
}
