package dev.patchlane.codebase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Which commits on the bot's branch above a base the bot did not make for a job: a commit is the bot's only when its
 * author and committer are patchlane's identity and its message names the job in a {@code Patchlane-Job} or
 * {@code Patchlane-Rebase-Of} trailer. Git identities are not authenticated, so this keeps honest people's commits
 * safe; it is not a defence against someone forging the bot's name (they could push anything anyway).
 */
final class BotCommits {

    static final int MAX_INSPECTED = 1_000;

    private BotCommits() {
    }

    /** Up to {@link #MAX_INSPECTED} commits reachable from {@code head} and not from {@code base} that are not the bot's. */
    static List<String> foreign(Repository repository, ObjectId head, ObjectId base, String jobId) throws IOException {
        List<String> others = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(head));
            walk.markUninteresting(walk.parseCommit(base));
            int seen = 0;
            for (RevCommit commit : walk) {
                if (++seen > MAX_INSPECTED) {
                    others.add("(more than " + MAX_INSPECTED + " commits above the base)");
                    break;
                }
                if (!ours(commit, jobId)) {
                    others.add(commit.getAuthorIdent().getName() + " <" + commit.getAuthorIdent().getEmailAddress() + "> "
                            + commit.abbreviate(10).name());
                }
            }
        }
        return others;
    }

    private static boolean ours(RevCommit commit, String jobId) {
        return isBot(commit.getAuthorIdent()) && isBot(commit.getCommitterIdent()) && names(commit.getFullMessage(), jobId);
    }

    private static boolean isBot(PersonIdent ident) {
        return GitPublisher.NAME.equals(ident.getName()) && GitPublisher.EMAIL.equals(ident.getEmailAddress());
    }

    private static boolean names(String message, String jobId) {
        for (String line : message.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.equals("Patchlane-Job: " + jobId) || trimmed.equals("Patchlane-Rebase-Of: " + jobId)) {
                return true;
            }
        }
        return false;
    }

    static String describe(List<String> others) {
        return others.size() + " commit" + (others.size() == 1 ? "" : "s") + " patchlane did not make (latest: " + others.get(0) + ")";
    }
}
