package dev.patchlane.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Plain-text columns, as wide as their widest cell; a table without headers prints rows only. */
final class TablePrinter {

    private static final String GAP = "  ";

    private final List<String[]> rows = new ArrayList<>();

    TablePrinter(String... headers) {
        if (headers.length > 0) {
            rows.add(headers);
        }
    }

    /** Adds a row; null cells print as {@code -}, line breaks as spaces. */
    TablePrinter row(Object... cells) {
        rows.add(Arrays.stream(cells).map(TablePrinter::cell).toArray(String[]::new));
        return this;
    }

    void print(PrintWriter out) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i]) + GAP);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** {@code text} on one line, cut to {@code max} characters with {@code ...} when longer. */
    static String truncate(String text, int max) {
        String line = cell(text);
        return line.length() <= max ? line : line.substring(0, Math.max(0, max - 3)) + "...";
    }

    private static String cell(Object value) {
        return value == null ? "-" : value.toString().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
