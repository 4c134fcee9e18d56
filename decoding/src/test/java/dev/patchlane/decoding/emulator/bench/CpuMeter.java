package dev.patchlane.decoding.emulator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of this JVM over a phase: the whole process, and per thread group (server event loops, HTTP client,
 * emulated device, ...), so client and server cost can be told apart. Thread CPU is sampled every 250 ms, so a thread
 * that ends within the phase keeps most of its share; GC and the VM's native threads, which are not Java threads, are
 * what the process used beyond the threads (GC's own pause time is given apart).
 */
final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long startWall = System.nanoTime();
    private final long startProcess = OS.getProcessCpuTime();
    private final long startGcMillis = gcMillis();
    private final long startedThreads = THREADS.getTotalStartedThreadCount();
    private final Map<Long, Long> startThreads = threadCpu();
    private final Map<Long, long[]> lastSeen = new ConcurrentHashMap<>();
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private final Map<Long, ProcTasks.Task> startTasks = ProcTasks.read();
    private final Map<Long, ProcTasks.Task> lastTasks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-cpu-sampler");
        thread.setDaemon(true);
        return thread;
    });

    CpuMeter() {
        THREADS.resetPeakThreadCount();
        sampler.scheduleAtFixedRate(this::sample, 0, 250, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        lastTasks.putAll(ProcTasks.read());
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    names.put(info.getThreadId(), info.getThreadName());
                    lastSeen.put(info.getThreadId(), new long[] {cpu});
                }
            }
        }
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
    }

    static String group(String threadName) {
        if (threadName.startsWith("vert.x-eventloop")) {
            return "server event loops (vert.x)";
        }
        if (threadName.startsWith("vert.x-")) {
            return "vert.x other";
        }
        if (threadName.startsWith("HttpClient-") || threadName.startsWith("bench-client")) {
            return "load client (JDK HttpClient)";
        }
        if (threadName.startsWith("emulator-http-subscribe")) {
            return "server subscription workers (emulator planning)";
        }
        if (threadName.startsWith("emulator-")) {
            return "emulated device";
        }
        if (threadName.contains("Compiler")) {
            return "JIT compiler";
        }
        if (threadName.equals("main")) {
            return "bench main thread";
        }
        if (threadName.startsWith("bench-cpu-sampler")) {
            return "CPU sampler";
        }
        return "other JVM threads";
    }

    Result stop() {
        sampler.shutdownNow();
        sample();
        long wall = System.nanoTime() - startWall;
        long process = OS.getProcessCpuTime() - startProcess;
        Map<String, Long> groups = new LinkedHashMap<>();
        long counted = 0;
        for (Map.Entry<Long, long[]> seen : lastSeen.entrySet()) {
            long delta = seen.getValue()[0] - startThreads.getOrDefault(seen.getKey(), 0L);
            groups.merge(group(names.get(seen.getKey())), delta, Long::sum);
            counted += delta;
        }
        groups.put("GC pauses (wall, all collectors)", (gcMillis() - startGcMillis) * 1_000_000);
        groups.put("process beyond Java threads (GC and VM native threads)", Math.max(0, process - counted));
        Map<String, double[]> kernelView = new TreeMap<>();
        lastTasks.forEach((tid, task) -> {
            ProcTasks.Task before = startTasks.get(tid);
            double[] cpu = kernelView.computeIfAbsent(nativeGroup(task.name()), k -> new double[2]);
            cpu[0] += task.userNanos() - (before == null ? 0 : before.userNanos());
            cpu[1] += task.systemNanos() - (before == null ? 0 : before.systemNanos());
        });
        return new Result(wall, process, groups, kernelView, THREADS.getPeakThreadCount(),
                THREADS.getTotalStartedThreadCount() - startedThreads);
    }

    /** Groups the kernel's 15-character thread names, which also cover the VM's native threads. */
    static String nativeGroup(String name) {
        if (name.startsWith("vert.x-eventloo")) {
            return "server event loops";
        }
        if (name.startsWith("HttpClient-") || name.startsWith("bench-client") || name.startsWith("Thread-")) {
            return "load client (JDK HttpClient, its completion threads)";
        }
        if (name.startsWith("emulator-http-")) {
            return "server subscription workers";
        }
        if (name.startsWith("emulator-")) {
            return "emulated device";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT compilers";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "GC and VM thread";
        }
        return "other";
    }

    private static Map<Long, Long> threadCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long nanos = THREADS.getThreadCpuTime(id);
            if (nanos >= 0) {
                cpu.put(id, nanos);
            }
        }
        return cpu;
    }

    /**
     * @param wallNanos the phase's wall time
     * @param processCpuNanos CPU time of the whole process in the phase
     * @param groupCpuNanos CPU time per thread group
     * @param userSystemNanos per group of the kernel's thread names, user and system CPU ({@code /proc}; empty elsewhere)
     * @param peakThreads the most live threads at once
     * @param threadsStarted threads started within the phase
     */
    record Result(long wallNanos, long processCpuNanos, Map<String, Long> groupCpuNanos, Map<String, double[]> userSystemNanos,
            int peakThreads, long threadsStarted) {
        double coresBusy() {
            return (double) processCpuNanos / wallNanos;
        }
    }
}
