package dev.patchlane.decoding.emulator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Linux only: user and system CPU of every thread of this process, native ones included (GC, JIT compilers), from
 * {@code /proc/self/task}. Clock ticks, usually 10 ms. Empty where {@code /proc} is missing.
 */
final class ProcTasks {

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final double NANOS_PER_TICK = 1e9 / 100;

    private ProcTasks() {
    }

    /**
     * @param name the thread's name, as the kernel keeps it (15 characters)
     * @param userTicks CPU in user mode
     * @param systemTicks CPU in the kernel (sockets, scheduling, page faults)
     */
    record Task(String name, long userTicks, long systemTicks) {
        double userNanos() {
            return userTicks * NANOS_PER_TICK;
        }

        double systemNanos() {
            return systemTicks * NANOS_PER_TICK;
        }
    }

    static Map<Long, Task> read() {
        Map<Long, Task> tasks = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return tasks;
        }
        try (Stream<Path> dirs = Files.list(TASKS)) {
            dirs.forEach(dir -> {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).split(" ");
                    // After "(comm) ": state is field 3 of the man page, utime 14 and stime 15.
                    tasks.put(Long.parseLong(dir.getFileName().toString()),
                            new Task(stat.substring(open + 1, close), Long.parseLong(fields[11]), Long.parseLong(fields[12])));
                } catch (IOException | RuntimeException e) {
                    // The thread ended while we read it.
                }
            });
        } catch (IOException e) {
            return tasks;
        }
        return tasks;
    }
}
