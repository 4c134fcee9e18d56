package dev.patchlane.decoding.emulator;

/**
 * What the emulator will say.
 *
 * @param reply the whole reply text
 * @param source the label of the source that produced it, e.g. {@code fixer:lint}
 */
public record Content(String reply, String source) {
}
