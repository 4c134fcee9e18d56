package dev.patchlane.sink.github;

/**
 * An open pull request as GitHub lists it.
 *
 * @param number its number
 * @param head its head branch, without the owner
 * @param sameRepository whether the head branch lives in the base repository (not a fork)
 * @param url its web page
 */
public record OpenPull(int number, String head, boolean sameRepository, String url) {
}
