package dev.patchlane.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Where the decoder emulator takes scripted answers from, and how the {@code emulator} role serves it over HTTP. */
@ConfigMapping(prefix = "patchlane.emulator")
public interface EmulatorConfig {

    /** A JSON script of answers for demos and tests (see {@code ScriptedContent}); none by default. */
    Optional<Path> script();

    /** The OpenAI-compatible endpoint of the {@code emulator} role. */
    Http http();

    interface Http {
        /** 0 picks a free port. */
        @WithDefault("8000")
        int port();

        /** {@code 0.0.0.0} to accept connections from other hosts, e.g. in a cluster. */
        @WithDefault("127.0.0.1")
        String host();

        /**
         * An environment variable whose value clients must send as a bearer token; unset accepts every request. A
         * variable that is named here but unset or blank stops the role from starting.
         */
        Optional<String> apiKeyEnv();
    }
}
