package dev.patchlane.codebase.safety;

import java.util.List;
import java.util.Optional;

/**
 * CI and tooling configuration: files that run code or decide review on the maintainers' behalf. Matched after
 * {@link PathRules#fold}, since git on macOS and Windows writes ".GitHub/Workflows/x" into ".github/workflows/".
 */
final class ProtectedPaths {

    private static final String CI = "CI configuration";
    private static final String EDITOR = "editor or dev-container configuration, which can run commands when the repository is opened";
    private static final String HOOKS = "git hook configuration, which runs on the maintainers' machines";
    private static final String OWNERS = "CODEOWNERS, which decides who must review";
    private static final String BOTS = "dependency bot configuration";
    private static final String CHECKS = "patchlane's own check declarations (a patch may not change what verifies it)";

    private enum Match { PREFIX, EXACTLY, NAMED_ANYWHERE }

    private record Entry(Match match, String path, String what) {

        boolean matches(String folded) {
            return switch (match) {
                case PREFIX -> folded.startsWith(path);
                case EXACTLY -> folded.equals(path);
                case NAMED_ANYWHERE -> folded.equals(path) || folded.endsWith("/" + path);
            };
        }
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry(Match.PREFIX, ".github/workflows/", CI),
            new Entry(Match.PREFIX, ".github/actions/", CI),
            new Entry(Match.PREFIX, ".gitlab-ci", CI),
            new Entry(Match.PREFIX, ".gitlab/", CI),
            new Entry(Match.PREFIX, ".circleci/", CI),
            new Entry(Match.PREFIX, ".buildkite/", CI),
            new Entry(Match.PREFIX, "jenkinsfile", CI),
            new Entry(Match.PREFIX, "azure-pipelines", CI),
            new Entry(Match.PREFIX, ".azure-pipelines/", CI),
            new Entry(Match.EXACTLY, ".travis.yml", CI),
            new Entry(Match.EXACTLY, "bitbucket-pipelines.yml", CI),
            new Entry(Match.EXACTLY, ".drone.yml", CI),
            new Entry(Match.EXACTLY, "appveyor.yml", CI),
            new Entry(Match.EXACTLY, ".appveyor.yml", CI),
            new Entry(Match.PREFIX, ".vscode/", EDITOR),
            new Entry(Match.PREFIX, ".idea/", EDITOR),
            new Entry(Match.PREFIX, ".devcontainer/", EDITOR),
            new Entry(Match.EXACTLY, ".devcontainer.json", EDITOR),
            new Entry(Match.PREFIX, ".husky/", HOOKS),
            new Entry(Match.EXACTLY, ".pre-commit-config.yaml", HOOKS),
            new Entry(Match.NAMED_ANYWHERE, ".gitattributes", ".gitattributes, which can name filter drivers that run code"),
            new Entry(Match.EXACTLY, "codeowners", OWNERS),
            new Entry(Match.EXACTLY, ".github/codeowners", OWNERS),
            new Entry(Match.EXACTLY, "docs/codeowners", OWNERS),
            new Entry(Match.EXACTLY, ".github/dependabot.yml", BOTS),
            new Entry(Match.EXACTLY, ".github/dependabot.yaml", BOTS),
            new Entry(Match.EXACTLY, "renovate.json", BOTS),
            new Entry(Match.EXACTLY, "renovate.json5", BOTS),
            new Entry(Match.EXACTLY, ".renovaterc", BOTS),
            new Entry(Match.EXACTLY, ".renovaterc.json", BOTS),
            new Entry(Match.EXACTLY, ".github/renovate.json", BOTS),
            new Entry(Match.EXACTLY, ".github/renovate.json5", BOTS),
            new Entry(Match.EXACTLY, ".patchlane.yml", CHECKS));

    private ProtectedPaths() {
    }

    /** What protected configuration this path is, if it is. */
    static Optional<String> what(String path) {
        String folded = PathRules.fold(path);
        return ENTRIES.stream().filter(entry -> entry.matches(folded)).map(Entry::what).findFirst();
    }
}
