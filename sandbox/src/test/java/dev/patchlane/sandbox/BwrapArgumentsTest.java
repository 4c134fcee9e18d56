package dev.patchlane.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BwrapArgumentsTest {

    private final Limits limits = Limits.defaults().withCpuTime(Duration.ofSeconds(5)).withProcesses(64);
    private final Command command = Command.of("make", "test");

    @Test
    void theCommandRunsUnderPrlimitThenSetprivThenItsOwnArgv() {
        List<String> argv = new BwrapArguments(Path.of("/usr/bin/bwrap"), List.of(), false)
                .argv(Path.of("/srv/ws"), limits, command);

        int split = argv.indexOf("--");
        assertEquals("/usr/bin/bwrap", argv.get(0));
        assertEquals(List.of("/usr/bin/prlimit", "--cpu=5:6", "--as=" + (2L << 30), "--core=0", "--nproc=64", "--",
                "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                "--bounding-set=-all", "--no-new-privs", "--", "make", "test"), argv.subList(split + 1, argv.size()));
    }

    @Test
    void theOuterSandboxUnsharesAllButTheUserNamespaceAndClearsTheEnvironment() {
        List<String> outer = outer(new BwrapArguments(Path.of("/usr/bin/bwrap"), List.of(), true));

        assertTrue(outer.containsAll(List.of("--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv")), outer.toString());
        assertFalse(outer.contains("--unshare-all") || outer.contains("--unshare-user"), outer.toString());
        assertEquals(List.of("PATH", "HOME", "LANG", "TMPDIR"), valuesAfter(outer, "--setenv"));
        assertTrue(String.join(" ", outer).contains("--setenv HOME /workspace"));
    }

    @Test
    void onlyTheWorkspaceIsWritableAndTheHostViewIsSmall() {
        List<String> outer = outer(new BwrapArguments(Path.of("/usr/bin/bwrap"), List.of(Path.of("/opt/jdk/")), false));

        assertEquals(List.of("/srv/ws"), valuesAfter(outer, "--bind"));
        List<String> readOnly = valuesAfter(outer, "--ro-bind");
        assertTrue(readOnly.contains("/usr") && readOnly.contains("/opt/jdk"), readOnly.toString());
        for (String forbidden : List.of("/etc", "/etc/shadow", "/root", "/home", "/work", "/tmp", "/")) {
            assertFalse(readOnly.contains(forbidden), forbidden + " is bound: " + readOnly);
        }
        assertTrue(readOnly.stream().allMatch(path -> path.equals("/usr") || path.equals("/opt/jdk")
                || path.startsWith("/etc/") || path.matches("/(s?bin|lib(32|64|x32)?)")), readOnly.toString());
        assertTrue(String.join(" ", outer).contains("--perms 1777 --size " + (2L << 30) + " --tmpfs /tmp"));
    }

    @Test
    void mountPointParentsAreMadeEnterableForTheSandboxUid() {
        String outer = String.join(" ", outer(new BwrapArguments(Path.of("/usr/bin/bwrap"), List.of(Path.of("/opt/jdk/21")), false)));

        assertTrue(outer.contains("--perms 0755 --dir /etc"), outer);
        assertTrue(outer.contains("--perms 0755 --dir /opt --perms 0755 --dir /opt/jdk --ro-bind /opt/jdk/21 /opt/jdk/21"), outer);
    }

    @Test
    void theUserNamespaceLayerComesLastBeforeTheCommand() {
        List<String> argv = new BwrapArguments(Path.of("/usr/bin/bwrap"), List.of(), true).argv(Path.of("/srv/ws"), limits, command);

        assertEquals(List.of("/usr/bin/bwrap", "--unshare-user", "--disable-userns", "--die-with-parent", "--dev-bind", "/", "/",
                "--chdir", "/workspace", "--", "make", "test"), argv.subList(argv.size() - 12, argv.size()));
    }

    @Test
    void extraReadOnlyPathsMustBeAbsoluteAndNotTheRootOrTheWorkspace() {
        assertThrows(IllegalArgumentException.class, () -> new BwrapArguments(Path.of("/usr/bin/bwrap"), List.of(Path.of("opt")), true));
        assertThrows(IllegalArgumentException.class, () -> new BwrapArguments(Path.of("/usr/bin/bwrap"), List.of(Path.of("/")), true));
        assertThrows(IllegalArgumentException.class,
                () -> new BwrapArguments(Path.of("/usr/bin/bwrap"), List.of(Path.of("/workspace/x")), true));
    }

    private List<String> outer(BwrapArguments arguments) {
        List<String> argv = arguments.argv(Path.of("/srv/ws"), limits, command);
        return argv.subList(0, argv.indexOf("--"));
    }

    // the first value after each occurrence of the option
    private static List<String> valuesAfter(List<String> argv, String option) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option)) {
                values.add(argv.get(i + 1));
            }
        }
        return values;
    }
}
