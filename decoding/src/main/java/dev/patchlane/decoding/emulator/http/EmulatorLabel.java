package dev.patchlane.decoding.emulator.http;

import dev.patchlane.decoding.DecodeEvent;

/** How a reply says it is emulated content: never to be taken for a model's. */
final class EmulatorLabel {

    /** Also {@code OpenAiDecoder.EMULATOR_MARK}, which reads it back. */
    static final String MARK = "patchlane-emulator";

    private EmulatorLabel() {
    }

    static String source(DecodeEvent.Finished finished) {
        return finished.contentSource() == null ? "unknown" : finished.contentSource();
    }

    /** {@code patchlane-emulator:<content source>}, for Chat Completions' {@code system_fingerprint}. */
    static String fingerprint(DecodeEvent.Finished finished) {
        return MARK + ":" + source(finished);
    }
}
