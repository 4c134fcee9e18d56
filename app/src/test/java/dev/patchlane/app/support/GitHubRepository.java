package dev.patchlane.app.support;

import dev.patchlane.sink.github.GitHubStub;
import dev.patchlane.sink.github.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A repository published as if it lived on GitHub as {@code acme/service}: its API is a local GitHub stub (a GitHub App
 * with one installation, GitHub's documented responses) and its git remote a bare repository in the data directory.
 * Workers read the job's repository, a local clone, as they would a GitHub clone URL.
 */
public final class GitHubRepository {

    public static final String FULL_NAME = "acme/service";
    public static final String FILE = "src/main/java/acme/Service.java";
    public static final long APP_ID = 4242;
    public static final long INSTALLATION_ID = 77;

    private static GitHubRepository instance;

    private final Path dir;
    private final Path remote;
    private final GitHubStub stub;
    private final Path keyFile;

    private GitHubRepository(Path dir, Path remote, GitHubStub stub, Path keyFile) {
        this.dir = dir;
        this.remote = remote;
        this.stub = stub;
        this.keyFile = keyFile;
    }

    public static synchronized GitHubRepository instance(Path parent) {
        if (instance == null) {
            instance = create(parent.resolve("acme-service"), parent.resolve("github-remotes"));
        }
        return instance;
    }

    private static GitHubRepository create(Path dir, Path remotes) {
        try {
            Files.createDirectories(dir.resolve("src/main/java/acme"));
            Git.run(dir, "init", "-q", "-b", "main");
            Files.writeString(dir.resolve(FILE), "package acme;\n\nimport java.util.List;\n\npublic class Service {  \n    int port() {\n        return 8080;\n    }\n}");
            Git.run(dir, "add", ".");
            Git.run(dir, "commit", "-q", "-m", "initial");
            Path remote = remotes.resolve(FULL_NAME + ".git");
            Files.createDirectories(remote.getParent());
            Git.run(remotes, "clone", "-q", "--bare", dir.toString(), remote.toString());
            Path keyFile = remotes.resolve("app-key.pem");
            Files.writeString(keyFile, TestKeys.pkcs1Pem());
            GitHubStub stub = GitHubStub.start().repository(FULL_NAME, "main").app(APP_ID, TestKeys.PAIR.getPublic(), INSTALLATION_ID);
            return new GitHubRepository(dir, remote, stub, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publication of this repository through the GitHub publisher, authenticated as the App. */
    public Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        String key = "patchlane.publish.repositories.\"" + dir + "\"";
        config.put(key + ".targets", "github,patch-file");
        config.put(key + ".github-repository", FULL_NAME);
        config.put("patchlane.publish.github.api-url", stub.url().toString());
        config.put("patchlane.publish.github.git-url", remote.getParent().getParent().resolve("{repository}.git").toString());
        config.put("patchlane.publish.github.app.id", Long.toString(APP_ID));
        config.put("patchlane.publish.github.app.installation-id", Long.toString(INSTALLATION_ID));
        config.put("patchlane.publish.github.app.private-key-file", keyFile.toString());
        // GitHub's minute-long waits, scaled down: the waits themselves are measured in the results-sink tests.
        config.put("patchlane.publish.github.rate-limits.secondary-minimum-wait", "50ms");
        config.put("patchlane.publish.github.rate-limits.max-retries", "2");
        config.put("patchlane.publish.github.rate-limits.mutation-spacing", "200ms");
        return config;
    }

    public Path dir() {
        return dir;
    }

    public Path remote() {
        return remote;
    }

    public GitHubStub stub() {
        return stub;
    }
}
