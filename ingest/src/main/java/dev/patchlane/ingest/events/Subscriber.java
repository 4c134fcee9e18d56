package dev.patchlane.ingest.events;

import dev.patchlane.contracts.JobStatus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One open stream as the hub sees it: told of every status record the view read, in order. */
interface Subscriber {

    /**
     * @param record the record (a null value is a tombstone)
     * @param status the record's status, or for a tombstone the status it removed (null when unknown)
     * @param current what the view holds for the record's job now (read once per record, only when asked)
     */
    void read(ConsumerRecord<String, byte[]> record, JobStatus status, Supplier<Optional<JobStatus>> current);

    EventStream stream();

    /** The status as the topic holds it, on one line: the record's own bytes unless they span lines. */
    static String json(byte[] value, JobStatus status) {
        String text = value == null ? null : new String(value, StandardCharsets.UTF_8);
        if (text == null || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return new String(dev.patchlane.contracts.Json.write(status), StandardCharsets.UTF_8);
        }
        return text;
    }
}
