package dev.patchlane.pipeline.kafka;

import dev.patchlane.contracts.Json;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/** Sends a keyed JSON record and waits for the broker's acknowledgement, so callers order their writes causally. */
public final class KafkaSender {

    private KafkaSender() {
    }

    public static void send(MutinyEmitter<byte[]> emitter, String key, Object value) {
        emitter.sendMessageAndAwait(KafkaRecord.of(key, Json.write(value)));
    }
}
