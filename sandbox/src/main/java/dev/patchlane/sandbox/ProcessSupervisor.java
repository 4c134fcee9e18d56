package dev.patchlane.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts a launcher argv and watches it: combined output is counted and only its tail kept, and the whole process tree
 * is killed when the wall time runs out or the output passes its limit.
 */
final class ProcessSupervisor {

    private static final int CHUNK = 8192;
    private static final long KILL_WAIT_MS = 10_000;
    // output still in the pipe when the process exits is read for this long at most
    private static final long DRAIN_MS = 2_000;

    RunResult run(List<String> launcher, Path directory, Map<String, String> environment, Limits limits) {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(launcher)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new RunResult(-1, Termination.FAILED_TO_START, "", 0, millisSince(started),
                    "could not start " + launcher.get(0) + ": " + e.getMessage());
        }
        OutputTail tail = new OutputTail(limits.tailBytes());
        AtomicReference<Ending> stopped = new AtomicReference<>();
        Thread pump = new Thread(() -> pump(process, tail, limits, stopped), "sandbox-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        long durationMs = -1;
        try {
            if (!process.waitFor(limits.wallTime().toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process, stopped, Ending.timedOut(limits));
            }
            process.waitFor(KILL_WAIT_MS, TimeUnit.MILLISECONDS);
            durationMs = millisSince(started);
            pump.join(DRAIN_MS);
        } catch (InterruptedException e) {
            stop(process, stopped, Ending.interrupted());
            Thread.currentThread().interrupt();
        }
        durationMs = durationMs < 0 ? millisSince(started) : durationMs;
        Ending ending = ending(process, stopped.get(), tail, limits);
        return new RunResult(ending.exitCode(), ending.termination(), tail.text(), tail.total(), durationMs, ending.reason());
    }

    private static Ending ending(Process process, Ending stopped, OutputTail tail, Limits limits) {
        if (stopped != null) {
            return stopped;
        }
        if (process.isAlive()) {
            ProcessTree.kill(process);
            return new Ending(Termination.KILLED, -1, "did not end after it was killed");
        }
        int status = process.exitValue();
        boolean whole = tail.total() <= limits.tailBytes();
        return LaunchFailure.in(status, tail.text(), whole).map(Ending::failedToStart).orElseGet(() -> Ending.ofStatus(status, limits));
    }

    private static void pump(Process process, OutputTail tail, Limits limits, AtomicReference<Ending> stopped) {
        byte[] chunk = new byte[CHUNK];
        try (InputStream output = process.getInputStream()) {
            int read;
            while ((read = output.read(chunk)) >= 0) {
                tail.append(chunk, 0, read);
                if (tail.total() > limits.outputBytes()) {
                    stop(process, stopped, Ending.outputLimit(limits));
                    return;
                }
            }
        } catch (IOException e) {
            // the stream is closed once the process is gone: nothing more to read
        }
    }

    private static void stop(Process process, AtomicReference<Ending> stopped, Ending ending) {
        stopped.compareAndSet(null, ending);
        ProcessTree.kill(process);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
