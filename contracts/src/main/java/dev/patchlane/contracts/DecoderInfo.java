package dev.patchlane.contracts;

/**
 * Which decoder produced an output.
 *
 * @param name the decoder implementation: {@code emulator} or {@code openai}
 * @param model the model it is, or for the emulator the model class it stands for
 * @param emulated true when no real model produced the content
 * @param contentSource where the content came from, e.g. {@code model}, {@code fixer:lint}, {@code script}, {@code none}
 * @param endpoint the base URL it was reached at, or {@code in-process}
 * @param profile for the emulator the model and hardware profiles, e.g. {@code codex-spark-class@wse3}; else null
 */
public record DecoderInfo(String name, String model, boolean emulated, String contentSource, String endpoint, String profile) {

    public DecoderInfo withContentSource(String source) {
        return new DecoderInfo(name, model, emulated, source, endpoint, profile);
    }
}
