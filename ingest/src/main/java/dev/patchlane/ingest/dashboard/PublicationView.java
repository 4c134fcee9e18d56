package dev.patchlane.ingest.dashboard;

import dev.patchlane.contracts.Publication;
import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * Where a job's result went.
 *
 * @param branch the bot's branch, or null
 * @param commit the commit, or null
 * @param patchFile the patch file's path, or null
 * @param resultFile a structured result's file, or null
 * @param rejection why it was refused, or null
 * @param publishedAt when (ISO-8601)
 * @param targets what each publisher did
 */
@TemplateData
public record PublicationView(String branch, String commit, String patchFile, String resultFile, String rejection, String publishedAt,
        List<Target> targets) {

    public PublicationView {
        targets = List.copyOf(targets);
    }

    /**
     * One publisher's effect.
     *
     * @param publisher its name
     * @param effect what it did
     * @param location where (a URL, a branch, a path)
     * @param link the location when it is an http(s) URL, else null: nothing else becomes a link
     * @param detail more, or null
     */
    @TemplateData
    public record Target(String publisher, String effect, String location, String link, String detail) {
    }

    static PublicationView of(Publication publication) {
        if (publication == null) {
            return null;
        }
        return new PublicationView(publication.branch(), publication.commit(), publication.patchFile(), publication.resultFile(),
                publication.rejection(), publication.publishedAt() == null ? "" : publication.publishedAt().toString(),
                publication.targets().stream().map(t -> new Target(t.publisher(), t.effect() == null ? "" : t.effect().name(), t.location(),
                        link(t.location()), t.detail())).toList());
    }

    static String link(String location) {
        if (location == null) {
            return null;
        }
        String lower = location.toLowerCase(java.util.Locale.ROOT);
        return (lower.startsWith("https://") || lower.startsWith("http://")) && location.chars().noneMatch(Character::isWhitespace)
                ? location : null;
    }
}
