package dev.patchlane.contracts;

/**
 * What one publisher did with a patch.
 *
 * @param publisher {@code patch-file}, {@code git} or {@code github}
 * @param effect what happened
 * @param location where: the patch file, the remote and branch, or the pull request URL
 * @param commit the commit the branch points at afterwards (the first delivery's, when an earlier one made it), or null
 * @param detail why, in words, e.g. who added the foreign commits; may be null
 */
public record PublicationTarget(String publisher, PublishEffect effect, String location, String commit, String detail) {
}
