package dev.patchlane.codebase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Bare mirrors of the repositories jobs name, cloned once and fetched again at most once per refresh interval,
 * so that many jobs on one repository share one clone.
 */
public final class RepositoryCache implements AutoCloseable {

    private final Path root;
    private final Duration refreshInterval;
    private final Clock clock;
    private final Map<String, Mirror> mirrors = new ConcurrentHashMap<>();

    public RepositoryCache(Path root, Duration refreshInterval) {
        this(root, refreshInterval, Clock.systemUTC());
    }

    RepositoryCache(Path root, Duration refreshInterval, Clock clock) {
        this.root = root;
        this.refreshInterval = refreshInterval;
        this.clock = clock;
    }

    /** The repository at {@code ref}, resolved to a commit, fetching first if the mirror may be stale. */
    public Snapshot snapshot(String repository, String ref) {
        Mirror mirror = mirrors.computeIfAbsent(repository, this::openMirror);
        synchronized (mirror) {
            ObjectId commit = mirror.resolve(ref);
            if (commit == null || !ObjectId.isId(ref) && mirror.isStale()) {
                mirror.fetch();
                commit = mirror.resolve(ref);
            }
            if (commit == null) {
                throw new CodebaseException("ref '" + ref + "' not found in " + repository);
            }
            return new Snapshot(repository, mirror.repository, commit);
        }
    }

    /** How many mirrors have been cloned or opened; each repository is cloned once. */
    public int mirrorCount() {
        return mirrors.size();
    }

    private Mirror openMirror(String repository) {
        Path dir = root.resolve(directoryName(repository));
        try {
            Repository repo;
            if (Files.isDirectory(dir.resolve("objects"))) {
                repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
            } else {
                Files.createDirectories(root);
                repo = Git.cloneRepository()
                        .setURI(RepositoryLocation.toUri(repository))
                        .setDirectory(dir.toFile())
                        .setBare(true)
                        .setMirror(true)
                        .call()
                        .getRepository();
            }
            return new Mirror(repository, repo);
        } catch (IOException | GitAPIException e) {
            throw new CodebaseException("cannot clone " + repository + ": " + e.getMessage(), e);
        }
    }

    private static String directoryName(String repository) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(repository.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12) + ".git";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        mirrors.values().forEach(m -> m.repository.close());
        mirrors.clear();
    }

    private final class Mirror {
        private final String location;
        private final Repository repository;
        private Instant fetchedAt;

        private Mirror(String location, Repository repository) {
            this.location = location;
            this.repository = repository;
            this.fetchedAt = clock.instant();
        }

        boolean isStale() {
            return clock.instant().isAfter(fetchedAt.plus(refreshInterval));
        }

        void fetch() {
            try (Git git = Git.wrap(repository)) {
                git.fetch()
                        .setRemote(RepositoryLocation.toUri(location))
                        .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
                        .setRemoveDeletedRefs(true)
                        .call();
                fetchedAt = clock.instant();
            } catch (GitAPIException e) {
                throw new CodebaseException("cannot fetch " + location + ": " + e.getMessage(), e);
            }
        }

        ObjectId resolve(String ref) {
            try (RevWalk walk = new RevWalk(repository)) {
                for (String candidate : new String[] {"refs/heads/" + ref, "refs/tags/" + ref, ref}) {
                    ObjectId id = repository.resolve(candidate + "^{commit}");
                    if (id != null) {
                        RevCommit commit = walk.parseCommit(id);
                        return commit.getId();
                    }
                }
                return null;
            } catch (IOException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
                return null;
            }
        }
    }
}
