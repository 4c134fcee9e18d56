package dev.patchlane.pipeline.kafka;

import dev.patchlane.contracts.Json;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import java.util.List;

/** Sends keyed JSON records and waits for the broker's acknowledgement, so callers order their writes causally. */
public final class KafkaSender {

    /** A record to send: its key (a job id) and the value written as JSON. */
    public record Keyed(String key, Object value) {
    }

    private KafkaSender() {
    }

    public static void send(MutinyEmitter<byte[]> emitter, String key, Object value) {
        emitter.sendMessageAndAwait(KafkaRecord.of(key, Json.write(value)));
    }

    /**
     * Sends every record at once and returns when the broker has acknowledged all of them: one round trip for the lot
     * instead of one per record. Records of one key keep their order (one partition, an idempotent producer); a failure
     * of any is thrown after every send has settled, so the caller knows none is still in flight.
     */
    public static void sendAll(MutinyEmitter<byte[]> emitter, List<Keyed> records) {
        if (records.isEmpty()) {
            return;
        }
        if (records.size() == 1) {
            send(emitter, records.get(0).key(), records.get(0).value());
            return;
        }
        List<Uni<Void>> acks = records.stream()
                .map(r -> emitter.sendMessage(KafkaRecord.of(r.key(), Json.write(r.value()))))
                .toList();
        Uni.join().all(acks).andCollectFailures().replaceWithVoid().await().indefinitely();
    }
}
