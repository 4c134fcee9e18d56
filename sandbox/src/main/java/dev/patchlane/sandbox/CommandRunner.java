package dev.patchlane.sandbox;

import java.nio.file.Path;

/** Runs a repository's command in its workspace within limits. */
public interface CommandRunner {

    /** Never throws for the command's own failures: they are in the result. */
    RunResult run(Command command, Path workspace, Limits limits);

    /** {@code bwrap} or {@code none}, for reports. */
    String name();
}
