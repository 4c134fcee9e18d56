package dev.patchlane.ingest.dashboard;

import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a unified diff and what it is, so a page can colour it; the text is rendered escaped.
 *
 * @param kind {@code file}, {@code hunk}, {@code add}, {@code del} or {@code context}
 * @param text the line as it is in the diff
 */
@TemplateData
public record DiffLine(String kind, String text) {

    static List<DiffLine> of(String patch) {
        List<DiffLine> lines = new ArrayList<>();
        for (String line : patch.split("\n", -1)) {
            lines.add(new DiffLine(kind(line), line));
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).text().isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static String kind(String line) {
        if (line.startsWith("+++ ") || line.startsWith("--- ") || line.startsWith("diff --git ")) {
            return "file";
        }
        if (line.startsWith("@@")) {
            return "hunk";
        }
        if (line.startsWith("+")) {
            return "add";
        }
        if (line.startsWith("-")) {
            return "del";
        }
        return "context";
    }
}
