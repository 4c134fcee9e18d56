package dev.patchlane.sandbox;

import java.time.Duration;
import java.util.List;

/** Looks for host processes by their command line, to prove that a run left nothing behind. */
final class HostProcesses {

    private HostProcesses() {
    }

    static List<ProcessHandle> matching(String text) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(text)).orElse(false))
                .toList();
    }

    /** True when no process with {@code text} in its command line is left within {@code wait}. */
    static boolean goneWithin(String text, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!matching(text).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
