package dev.patchlane.decoding.emulator.timing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.patchlane.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Recomputes every row of the calibration table in docs/emulator.md from profiles.json. */
class CalibrationTest {

    static final double TOLERANCE = 0.20;

    record Row(String model, String hardware, int devices, int promptTokens, int outputTokens,
            double publishedTokensPerSecondLow, double publishedTokensPerSecondHigh, Double publishedTtftMs,
            String source, String figure) {

        double publishedTokensPerSecond() {
            return (publishedTokensPerSecondLow + publishedTokensPerSecondHigh) / 2;
        }

        Workload workload() {
            return new Workload(1, promptTokens, outputTokens, devices);
        }
    }

    static List<Row> rows() throws IOException {
        try (InputStream in = CalibrationTest.class.getResourceAsStream("/emulator/calibration.json")) {
            return Json.mapper().readValue(in, new TypeReference<List<Row>>() { });
        }
    }

    @Test
    void everyPredictionIsWithinTwentyPercentOfItsPublishedFigure() throws IOException {
        Profiles profiles = Profiles.builtIn();
        List<Row> rows = rows();
        assertTrue(rows.size() >= 8, "the table has at least eight rows");
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (Row row : rows) {
            TimingEstimate estimate = profiles.estimate(row.model(), row.hardware(), row.workload());
            double error = estimate.perStreamTokensPerSecond() / row.publishedTokensPerSecond() - 1;
            String ttft = "-";
            if (row.publishedTtftMs() != null) {
                double predictedMs = estimate.timeToFirstTokenSeconds() * 1000;
                double ttftError = predictedMs / row.publishedTtftMs() - 1;
                ttft = String.format(Locale.ROOT, "%.0f ms vs %.0f ms (%+.1f%%)", predictedMs, row.publishedTtftMs(),
                        ttftError * 100);
                if (Math.abs(ttftError) > TOLERANCE) {
                    failures.add(row.model() + " on " + row.hardware() + ": TTFT " + ttft);
                }
            }
            table.append(String.format(Locale.ROOT, "%-18s %-5s x%-2d %7.1f tok/s vs %7.1f (%+.1f%%)  TTFT %s%n",
                    row.model(), row.hardware(), estimate.devices(), estimate.perStreamTokensPerSecond(),
                    row.publishedTokensPerSecond(), error * 100, ttft));
            if (Math.abs(error) > TOLERANCE) {
                failures.add(String.format(Locale.ROOT, "%s on %s: predicted %.1f tok/s, published %.1f (%+.1f%%)",
                        row.model(), row.hardware(), estimate.perStreamTokensPerSecond(),
                        row.publishedTokensPerSecond(), error * 100));
            }
        }
        System.out.print(table);
        assertTrue(failures.isEmpty(), "off by more than 20%:\n" + String.join("\n", failures));
    }

    @Test
    void docsListEveryRowsSource() throws IOException {
        String docs = Files.readString(docsFile(), StandardCharsets.UTF_8);
        for (Row row : rows()) {
            assertTrue(docs.contains(row.source()), "docs/emulator.md does not cite " + row.source());
            assertTrue(docs.contains("`" + row.model() + "`"), "docs/emulator.md has no row for " + row.model());
        }
    }

    @Test
    void everyRowNamesABuiltInProfileAndARealSource() throws IOException {
        Profiles profiles = Profiles.builtIn();
        for (Row row : rows()) {
            profiles.model(row.model());
            profiles.hardware(row.hardware());
            assertTrue(row.source().startsWith("https://"), row.source());
            assertFalse(row.publishedTokensPerSecondLow() > row.publishedTokensPerSecondHigh(), row.model());
        }
    }

    // Surefire runs in the module directory; the docs live one level up.
    private static Path docsFile() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/emulator.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/emulator.md not found above " + here);
    }
}
