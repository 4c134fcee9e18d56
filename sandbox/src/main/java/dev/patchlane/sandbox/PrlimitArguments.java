package dev.patchlane.sandbox;

import java.util.ArrayList;
import java.util.List;

/** The {@code prlimit} prefix that sets a command's resource limits before it execs the rest of the argv. */
final class PrlimitArguments {

    static final String PRLIMIT = "/usr/bin/prlimit";

    private PrlimitArguments() {
    }

    /** {@code withProcesses} only where the command then runs as an unprivileged uid: root ignores RLIMIT_NPROC. */
    static List<String> of(Limits limits, boolean withProcesses) {
        long cpu = limits.cpuSeconds();
        List<String> argv = new ArrayList<>();
        argv.add(PRLIMIT);
        // soft limit sends SIGXCPU (reported as CPU_LIMIT), the hard one a second later SIGKILL for programs that catch it
        argv.add("--cpu=" + cpu + ":" + (cpu + 1));
        argv.add("--as=" + limits.memoryBytes());
        // SIGXCPU dumps core by default, and core_pattern may hand the dump to a helper on the host
        argv.add("--core=0");
        if (withProcesses) {
            argv.add("--nproc=" + limits.processes());
        }
        argv.add("--");
        return argv;
    }
}
