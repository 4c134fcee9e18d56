package dev.patchlane.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * What both benchmarks share: heap after a full GC, percentiles, Kafka producer metrics, and a report printed to stdout
 * and written to {@code app/target/bench/<name>.txt}.
 *
 * <p>Benchmarks are not tests: their classes end in {@code Benchmark} (surefire's and failsafe's default includes do not
 * match them) and they run only with {@code -Dbench.enabled=true}, which the scripts under {@code bench/} pass.
 */
final class Bench {

    /** The system property the scripts under bench/ set; without it a benchmark class is skipped. */
    static final String ENABLED = "bench.enabled";

    private Bench() {
    }

    /** Heap in use after a full collection (everything in this JVM: the service, the broker, the test client). */
    static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    static long heapMax() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, "%.2f ms", millis);
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** Nearest-rank percentile of latencies in nanoseconds, in milliseconds. */
    static double percentileMs(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1e6;
    }

    static double meanMs(long[] nanos) {
        return Arrays.stream(nanos).average().orElse(0) / 1e6;
    }

    /** Live instances and bytes per class (jcmd GC.class_histogram of this JVM, which collects first); empty if jcmd fails. */
    static Map<String, long[]> classHistogram() {
        Map<String, long[]> histogram = new java.util.HashMap<>();
        try {
            Process jcmd = new ProcessBuilder("jcmd", String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor();
            for (String line : output.split("\n")) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length >= 4 && parts[0].endsWith(":") && parts[1].matches("\\d+")) {
                    histogram.put(parts[3], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
                }
            }
        } catch (IOException e) {
            return histogram;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return histogram;
    }

    /** The classes whose live bytes grew most between two histograms, one line each. */
    static List<String> growth(Map<String, long[]> before, Map<String, long[]> after, int top) {
        return after.entrySet().stream()
                .map(e -> {
                    long[] was = before.getOrDefault(e.getKey(), new long[2]);
                    return Map.entry(e.getKey(), new long[] {e.getValue()[0] - was[0], e.getValue()[1] - was[1]});
                })
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                .limit(top)
                .map(e -> String.format(Locale.ROOT, "  %+10d instances %+12d bytes  %s", e.getValue()[0], e.getValue()[1], e.getKey()))
                .toList();
    }

    /** A few metrics of a Kafka producer that tell where a send's time goes (Kafka keeps them over its last ~30-60 s). */
    static String producerMetrics(Producer<?, ?> producer) {
        Map<MetricName, ? extends Metric> metrics = producer.metrics();
        StringBuilder text = new StringBuilder();
        for (String name : List.of("record-queue-time-avg", "request-latency-avg", "records-per-request-avg", "batch-size-avg")) {
            metrics.entrySet().stream()
                    .filter(e -> e.getKey().group().equals("producer-metrics") && e.getKey().name().equals(name))
                    .findFirst()
                    .ifPresent(e -> {
                        Object value = e.getValue().metricValue();
                        String shown = value instanceof Double d ? fixed(d, 2) : String.valueOf(value);
                        text.append(text.length() == 0 ? "" : ", ").append(name).append('=').append(shown);
                    });
        }
        return text.toString();
    }

    /** CPU time this process has used so far, in nanoseconds (every thread: service, broker, clients). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of every live thread so far, summed by the thread's name without its digits (its pool). */
    static Map<String, Long> threadCpuByPool() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byPool = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                byPool.merge(info.getThreadName().replaceAll("[0-9]+", "#"), cpu, Long::sum);
            }
        }
        return byPool;
    }

    /** The pools that used most CPU between two {@link #threadCpuByPool} readings, as "pool ms" lines. */
    static List<String> cpuGrowth(Map<String, Long> before, Map<String, Long> after, int top) {
        long total = after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(top)
                .map(e -> String.format(Locale.ROOT, "  %8.0f ms %5.1f%%  %s", e.getValue() / 1e6, 100.0 * e.getValue() / Math.max(1, total), e.getKey()))
                .toList();
    }

    /** The machine's 1-minute load average (other processes share these cores). */
    static String loadAverage() {
        return fixed(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2);
    }

    /** Rows of label and value, printed as a two-column table and kept for the report file. */
    static final class Report {
        private final String name;
        private final List<String[]> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        Report(String name) {
            this.name = name;
        }

        Report row(String label, Object value) {
            rows.add(new String[] {label, String.valueOf(value)});
            return this;
        }

        Report note(String line) {
            notes.add(line);
            return this;
        }

        /** Prints the table and writes it to target/bench/<name>.txt (relative to the app module, where surefire runs). */
        Path write() {
            int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10);
            StringBuilder out = new StringBuilder();
            out.append("== ").append(name).append(" (").append(Instant.now()).append(") ==\n");
            for (String[] row : rows) {
                out.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", row[0], row[1]));
            }
            for (String note : notes) {
                out.append(note).append('\n');
            }
            System.out.println();
            System.out.print(out);
            System.out.println();
            Path file = Path.of("target", "bench", name + ".txt").toAbsolutePath();
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println("written to " + file);
            return file;
        }
    }
}
