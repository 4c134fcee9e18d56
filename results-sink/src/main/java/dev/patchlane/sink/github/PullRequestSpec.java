package dev.patchlane.sink.github;

import java.util.List;
import java.util.Objects;

/**
 * The pull request wanted for one head branch of {@code repository} ("owner/name"), opened against {@code base}.
 * A null body is sent as empty; a null label list as none.
 */
public record PullRequestSpec(String repository, String head, String base, String title, String body, boolean draft,
        List<String> labels) {

    public PullRequestSpec {
        RepositoryName.of(repository);
        requireText(head, "head");
        if (head.contains(":")) {
            throw new IllegalArgumentException("head must be a branch of " + repository + ", not owner:branch: " + head);
        }
        requireText(base, "base");
        requireText(title, "title");
        body = body == null ? "" : body;
        labels = labels == null ? List.of() : List.copyOf(labels);
        labels.forEach(label -> requireText(label, "label"));
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
