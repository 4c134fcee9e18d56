package dev.patchlane.codebase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Judges the bot's branch after its base moved: whether the bot's change still merges cleanly onto the new base, and
 * whether the move could change what the checks say. The rule is conservative (see docs/architecture.md, "A moving
 * base"): the checks may change when the move touches a checks file, or when the repository has checks at all and the
 * move touches any path not declared free of checks. Only a clean merge that cannot change the checks is left as it is.
 */
public final class BaseMoveCheck {

    /** The repository's own checks declaration, read by the workers at the base commit. */
    public static final String CHECKS_FILE = ".patchlane.yml";
    static final int MAX_CHANGED_PATHS = 10_000;

    private BaseMoveCheck() {
    }

    /** What the move means for one branch. */
    public enum Kind {
        /** The branch is gone from the remote. */
        GONE,
        /** The branch holds commits the bot did not make for this job. */
        FOREIGN_COMMITS,
        /** The new base is already in the branch. */
        UP_TO_DATE,
        /** The change merges cleanly and the checks cannot change: nothing to do. */
        STILL_APPLIES,
        /** The change no longer merges cleanly onto the new base. */
        CONFLICTS,
        /** The change merges, but the move may change what the checks say. */
        CHECKS_MAY_CHANGE;

        public boolean needsRerun() {
            return this == CONFLICTS || this == CHECKS_MAY_CHANGE;
        }
    }

    /**
     * @param kind what to do
     * @param head the branch's head, or null when it is gone
     * @param detail why, in words
     */
    public record Verdict(Kind kind, String head, String detail) {
    }

    /**
     * @param newBase the new base commit, in the job repository's mirror
     * @param remoteUrl where the bot's branch lives
     * @param operatorChecks whether the operator configured checks for this repository
     * @param checkFree paths the operator declared no check reads (e.g. {@code docs/**})
     */
    public static Verdict judge(Snapshot newBase, String remoteUrl, String branch, String publishedJobId,
            Optional<CredentialsProvider> credentials, boolean operatorChecks, Predicate<String> checkFree) {
        Repository mirror = newBase.repository();
        Optional<ObjectId> fetched = BranchUpdate.fetch(mirror, remoteUrl, branch, credentials);
        if (fetched.isEmpty()) {
            return new Verdict(Kind.GONE, null, "the branch " + branch + " is gone");
        }
        String head = fetched.get().name();
        try (RevWalk walk = new RevWalk(mirror)) {
            RevCommit tip = walk.parseCommit(fetched.get());
            RevCommit base = walk.parseCommit(newBase.commit());
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(tip);
            walk.markStart(base);
            RevCommit forkPoint = walk.next();
            walk.reset();
            walk.setRevFilter(RevFilter.ALL);
            if (forkPoint == null) {
                return new Verdict(Kind.FOREIGN_COMMITS, head, "the branch shares no history with the new base; left alone");
            }
            List<String> others = BotCommits.foreign(mirror, tip, base, publishedJobId);
            if (!others.isEmpty()) {
                return new Verdict(Kind.FOREIGN_COMMITS, head, "the branch holds " + BotCommits.describe(others) + "; left alone, not re-run");
            }
            if (forkPoint.equals(base)) {
                return new Verdict(Kind.UP_TO_DATE, head, "the branch already contains " + base.abbreviate(10).name());
            }
            ResolveMerger merger = (ResolveMerger) MergeStrategy.RESOLVE.newMerger(mirror, true);
            merger.setBase(forkPoint);
            if (!merger.merge(tip, base)) {
                return new Verdict(Kind.CONFLICTS, head, "the change no longer merges onto " + base.abbreviate(10).name() + " (conflicts in "
                        + String.join(", ", merger.getUnmergedPaths().stream().limit(5).toList()) + ")");
            }
            RevCommit fork = walk.parseCommit(forkPoint);
            List<String> moved = changedPaths(mirror, fork, base);
            Optional<String> why = checksMayChange(moved, operatorChecks || hasChecksFile(mirror, fork) || hasChecksFile(mirror, base),
                    checkFree);
            if (why.isPresent()) {
                return new Verdict(Kind.CHECKS_MAY_CHANGE, head, why.get());
            }
            return new Verdict(Kind.STILL_APPLIES, head, "the change merges onto " + base.abbreviate(10).name()
                    + " and the move touches nothing a check reads");
        } catch (IOException e) {
            throw new CodebaseException("cannot judge " + branch + " against " + newBase.commitId() + ": " + e.getMessage(), e);
        }
    }

    /** The rule itself, kept apart so it can be read and tested alone. */
    static Optional<String> checksMayChange(List<String> moved, boolean hasChecks, Predicate<String> checkFree) {
        if (moved.size() >= MAX_CHANGED_PATHS) {
            return Optional.of("the move changes " + MAX_CHANGED_PATHS + " paths or more");
        }
        for (String path : moved) {
            if (path.equals(CHECKS_FILE)) {
                return Optional.of("the move changes the checks declaration " + CHECKS_FILE);
            }
        }
        if (!hasChecks) {
            return Optional.empty();
        }
        return moved.stream().filter(checkFree.negate()).findFirst()
                .map(path -> "the repository has checks and the move changes " + path + ", which a check may read");
    }

    private static boolean hasChecksFile(Repository mirror, RevCommit commit) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(mirror, CHECKS_FILE, commit.getTree())) {
            return walk != null;
        }
    }

    private static List<String> changedPaths(Repository mirror, RevCommit from, RevCommit to) throws IOException {
        List<String> changed = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(mirror)) {
            walk.setRecursive(true);
            walk.addTree(from.getTree());
            walk.addTree(to.getTree());
            walk.setFilter(TreeFilter.ANY_DIFF);
            while (walk.next() && changed.size() < MAX_CHANGED_PATHS) {
                changed.add(walk.getPathString());
            }
        }
        return changed;
    }
}
