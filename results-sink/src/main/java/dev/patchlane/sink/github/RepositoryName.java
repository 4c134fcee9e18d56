package dev.patchlane.sink.github;

import java.util.regex.Pattern;

/** A repository's "owner/name" split into its parts. */
record RepositoryName(String owner, String name) {

    private static final Pattern SHAPE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9._-]+)");

    static RepositoryName of(String fullName) {
        if (fullName == null) {
            throw new IllegalArgumentException("repository must be owner/name, got null");
        }
        var matcher = SHAPE.matcher(fullName);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("repository must be owner/name, got '" + fullName + "'");
        }
        return new RepositoryName(matcher.group(1), matcher.group(2));
    }

    String fullName() {
        return owner + "/" + name;
    }
}
