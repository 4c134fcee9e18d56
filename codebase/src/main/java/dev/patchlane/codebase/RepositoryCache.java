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

    /** Commit ids remembered per mirror; the map is emptied when it reaches this, a bound and not a cache policy. */
    private static final int RESOLVED_COMMITS = 10_000;

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
        // The clone happens under the mirror's own lock, not inside computeIfAbsent, so one slow clone blocks only its jobs.
        Mirror mirror = mirrors.computeIfAbsent(repository, Mirror::new);
        // A commit id resolves to the same commit for ever: every stage of every job on it would otherwise queue on the
        // mirror's lock for ref lookups on disk (measured: the pipeline's largest lock wait, docs/benchmarks.md §7).
        ObjectId known = mirror.commits.get(ref);
        if (known != null) {
            return new Snapshot(repository, mirror.repository, known);
        }
        synchronized (mirror) {
            mirror.open();
            ObjectId commit = mirror.resolve(ref);
            if (commit == null || !ObjectId.isId(ref) && mirror.isStale()) {
                mirror.fetch();
                commit = mirror.resolve(ref);
            }
            if (commit == null) {
                throw new CodebaseException("ref '" + ref + "' not found in " + repository);
            }
            if (ObjectId.isId(ref) && commit.name().equals(ref)) {
                if (mirror.commits.size() >= RESOLVED_COMMITS) {
                    mirror.commits.clear();
                }
                mirror.commits.put(ref, commit.copy());
            }
            return new Snapshot(repository, mirror.repository, commit);
        }
    }

    /** How many mirrors have been cloned or opened; each repository is cloned once. */
    public int mirrorCount() {
        return mirrors.size();
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
        mirrors.values().forEach(Mirror::close);
        mirrors.clear();
    }

    private final class Mirror {
        private final String location;
        /** Full commit ids this mirror resolved to themselves, read without the lock. */
        private final Map<String, ObjectId> commits = new ConcurrentHashMap<>();
        // Written under the lock before a commit id is remembered, read without it after one is.
        private volatile Repository repository;
        private Instant fetchedAt;

        private Mirror(String location) {
            this.location = location;
        }

        void open() {
            if (repository != null) {
                return;
            }
            Path dir = root.resolve(directoryName(location));
            try {
                if (Files.isDirectory(dir.resolve("objects"))) {
                    repository = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
                } else {
                    Files.createDirectories(root);
                    repository = Git.cloneRepository()
                            .setURI(RepositoryLocation.toUri(location))
                            .setDirectory(dir.toFile())
                            .setBare(true)
                            .setMirror(true)
                            .call()
                            .getRepository();
                }
                fetchedAt = clock.instant();
            } catch (IOException | GitAPIException e) {
                throw new CodebaseException("cannot clone " + location + ": " + e.getMessage(), e);
            }
        }

        synchronized void close() {
            if (repository != null) {
                repository.close();
            }
        }

        boolean isStale() {
            return clock.instant().isAfter(fetchedAt.plus(refreshInterval));
        }

        void fetch() {
            try (Git git = Git.wrap(repository)) {
                git.fetch()
                        .setRemote(RepositoryLocation.toUri(location))
                        .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"),
                                new RefSpec("+refs/pull/*/head:refs/pull/*/head"))
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
