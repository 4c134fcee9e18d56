package dev.patchlane.app.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The real git command line, to check patches the way a person would. */
public final class Git {

    private Git() {
    }

    public static String run(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=test", "-c", "user.email=test@example.invalid"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed in " + dir + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run git", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
