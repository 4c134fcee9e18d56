package dev.patchlane.app.demo;

import java.nio.file.Path;

/**
 * A demo run's files, ready for the pipeline to start.
 *
 * @param plan the repository and jobs
 * @param jobsFile the job requests as a JSON array
 * @param scriptFile the emulator script, or null when the plan needs none
 * @param remote a bare clone of the repository that the bot's branches are pushed to, as to any git remote
 */
public record PreparedDemo(DemoPlan plan, Path jobsFile, Path scriptFile, Path remote) {
}
