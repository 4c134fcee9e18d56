package dev.patchlane.app.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A local stand-in for the GitHub repository {@code octo-org/widgets} the webhook fixtures describe: {@code main} with
 * a linty Widget.java, and pull request #42 (as GitHub exposes it, {@code refs/pull/42/head}) adding Gadget.java.
 */
public final class Widgets {

    public static final String FULL_NAME = "octo-org/widgets";
    public static final String WIDGET = "src/main/java/com/example/Widget.java";
    public static final String GADGET = "src/main/java/com/example/Gadget.java";

    private static Widgets instance;

    private final Path dir;
    private final String baseSha;
    private final String headSha;

    private Widgets(Path dir, String baseSha, String headSha) {
        this.dir = dir;
        this.baseSha = baseSha;
        this.headSha = headSha;
    }

    public static synchronized Widgets repository(Path parent) {
        if (instance == null) {
            instance = create(parent.resolve("octo-org-widgets"));
        }
        return instance;
    }

    private static Widgets create(Path dir) {
        try {
            Files.createDirectories(dir.resolve("src/main/java/com/example"));
            Git.run(dir, "init", "-q", "-b", "main");
            Files.writeString(dir.resolve(WIDGET), "package com.example;   \n\nimport java.util.List;\n\npublic class Widget {\t\n    int size() {\n        return 1;\n    }\n}");
            Files.writeString(dir.resolve("README.md"), "# widgets\n");
            Git.run(dir, "add", ".");
            Git.run(dir, "commit", "-q", "-m", "widgets");
            String base = Git.run(dir, "rev-parse", "HEAD").strip();
            Git.run(dir, "checkout", "-q", "-b", "feature");
            Files.writeString(dir.resolve(GADGET), "package com.example;\n\npublic class Gadget {\n    int twice(int x) {\n        return 2 * x;\n    }\n}\n");
            Git.run(dir, "add", ".");
            Git.run(dir, "commit", "-q", "-m", "gadget");
            String head = Git.run(dir, "rev-parse", "HEAD").strip();
            Git.run(dir, "update-ref", "refs/pull/42/head", head);
            Git.run(dir, "checkout", "-q", "main");
            return new Widgets(dir, base, head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public String baseSha() {
        return baseSha;
    }

    public String headSha() {
        return headSha;
    }
}
