package dev.patchlane.codebase.safety;

/** Why a patch was refused; every refusal names one. */
public enum RefusalRule {
    /** The input is blank. */
    EMPTY,
    /** The input is not a diff JGit can read, or a file section names no path. */
    MALFORMED,
    /** The input is larger than the policy's byte cap, or a binary patch would write a larger file. */
    TOO_LARGE,
    /** More file sections than the policy's cap. */
    TOO_MANY_FILES,
    /** More added plus removed lines than the policy's cap. */
    TOO_MANY_LINES,
    /** A path with {@code ..} among its segments. */
    OUTSIDE_REPOSITORY,
    /** A path starting at a file system root or a drive. */
    ABSOLUTE_PATH,
    /** A path another spelling of which names a different file than a check on it would assume. */
    UNNORMALISED_PATH,
    /** A path inside a {@code .git} directory, in any case or Windows spelling. */
    INSIDE_GIT_DIR,
    /** A {@code .gitmodules} file. */
    SUBMODULE_CONFIG,
    /** Creating, changing or removing a symlink or a submodule. */
    SYMLINK_OR_SUBMODULE,
    /** A path below a symlink or submodule of the repository, which a checkout would write wherever the link points. */
    WRITES_THROUGH_SYMLINK,
    /** A new executable file, or a file made executable, where the policy does not allow it. */
    EXECUTABLE_MODE,
    /** A binary patch where the policy does not allow them. */
    BINARY_PATCH,
    /** CI or tooling configuration that the policy does not let patches change. */
    PROTECTED_PATH,
    /** Added lines that look like credentials. */
    SECRET,
    /** Added lines holding a {@code [REDACTED:<RULE>]} marker, which stands for a secret the model was not shown. */
    REDACTION_MARKER,
    /** Two file sections for one path (or two spellings of it), or a file where a directory is, or the reverse. */
    PATH_CLASH,
    /** The patch does not apply to the repository. */
    DOES_NOT_APPLY,
    /** The patch applies but the tree is the same. */
    CHANGES_NOTHING,
    /** Applying wrote a path the patch did not declare. */
    UNDECLARED_PATH
}
