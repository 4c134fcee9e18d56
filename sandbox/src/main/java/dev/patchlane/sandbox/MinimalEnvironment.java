package dev.patchlane.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** The only environment a repository's command gets: nothing is inherited from the worker (no tokens, no API keys). */
final class MinimalEnvironment {

    static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private MinimalEnvironment() {
    }

    static Map<String, String> withHome(String home) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", PATH);
        environment.put("HOME", home);
        environment.put("LANG", "C.UTF-8");
        environment.put("TMPDIR", "/tmp");
        return environment;
    }
}
