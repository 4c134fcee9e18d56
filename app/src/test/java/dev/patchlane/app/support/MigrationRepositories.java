package dev.patchlane.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two repositories a migration runs over as if they lived on GitHub ({@code acme/settings-one}, {@code acme/settings-two}),
 * served by {@link GitHubRepository}'s stub and published to bare remotes beside its own, plus one that is no GitHub
 * repository at all. Each has three settings files naming {@code legacyTimeout}; the second also a file that needs no change.
 */
public final class MigrationRepositories {

    public static final List<String> GITHUB_NAMES = List.of("acme/settings-one", "acme/settings-two");

    private static MigrationRepositories instance;

    private final List<Path> github;
    private final Path local;

    private MigrationRepositories(List<Path> github, Path local) {
        this.github = github;
        this.local = local;
    }

    public static synchronized MigrationRepositories instance(Path parent) {
        if (instance == null) {
            GitHubRepository host = GitHubRepository.instance(parent);
            Path remotes = host.remote().getParent().getParent();
            Path one = create(parent.resolve("settings-one"), 3, false);
            Path two = create(parent.resolve("settings-two"), 3, true);
            for (int i = 0; i < GITHUB_NAMES.size(); i++) {
                Path bare = remotes.resolve(GITHUB_NAMES.get(i) + ".git");
                Git.run(remotes, "clone", "-q", "--bare", List.of(one, two).get(i).toString(), bare.toString());
                host.stub().repository(GITHUB_NAMES.get(i), "main");
            }
            instance = new MigrationRepositories(List.of(one, two), create(parent.resolve("settings-local"), 1, false));
        }
        return instance;
    }

    private static Path create(Path dir, int files, boolean withUnchanged) {
        try {
            for (int i = 0; i < files; i++) {
                Path file = dir.resolve("config/settings" + i + ".txt");
                Files.createDirectories(file.getParent());
                Files.writeString(file, "timeout = legacyTimeout\nname = s" + i + "\n");
            }
            if (withUnchanged) {
                Files.writeString(dir.resolve("config/notes.txt"), "nothing to rename here\n");
            }
            Git.run(dir, "init", "-q", "-b", "main");
            Git.run(dir, "add", ".");
            Git.run(dir, "commit", "-q", "-m", "settings");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The GitHub repositories publish through the GitHub publisher; progress issues sync often and link a dashboard. */
    public Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < github.size(); i++) {
            String key = "patchlane.publish.repositories.\"" + github.get(i) + "\"";
            config.put(key + ".targets", "github,patch-file");
            config.put(key + ".github-repository", GITHUB_NAMES.get(i));
        }
        config.put("patchlane.progress-issues.interval", "300ms");
        config.put("patchlane.progress-issues.public-base-url", "https://patchlane.example/");
        return config;
    }

    public List<Path> github() {
        return github;
    }

    public Path local() {
        return local;
    }
}
