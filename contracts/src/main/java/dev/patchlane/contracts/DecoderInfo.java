package dev.patchlane.contracts;

/**
 * Which decoder produced an output.
 *
 * @param name the decoder implementation, e.g. {@code emulator}
 * @param model the model or hardware profile it stands for
 * @param emulated true when no real model produced the content
 * @param contentSource where the content came from, e.g. {@code fixer:lint}, {@code script}, {@code none}
 */
public record DecoderInfo(String name, String model, boolean emulated, String contentSource) {
}
