package dev.patchlane.ingest.events;

import dev.patchlane.contracts.JobStatus;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A {@code /events} stream: each status record of a job the filter accepts, as long as the view kept it (a record the
 * view holds something newer than is stale, or superseded by a record still to come), with the topic position after
 * it as the event id. Until a resumed stream has caught up, its live events wait in its queue.
 */
final class SourceSubscriber implements Subscriber {

    private final SourceFilter filter;
    private final EventStream stream;
    private TopicCursor cursor;

    /** @param cursor where the live records start: what the view had read when the stream opened */
    SourceSubscriber(SourceFilter filter, EventStream stream, TopicCursor cursor) {
        this.filter = filter;
        this.stream = stream;
        this.cursor = cursor;
    }

    @Override
    public EventStream stream() {
        return stream;
    }

    SourceFilter filter() {
        return filter;
    }

    @Override
    public synchronized void read(ConsumerRecord<String, byte[]> record, JobStatus status, Supplier<Optional<JobStatus>> current) {
        cursor = cursor.after(record.partition(), record.offset());
        if (status == null || !filter.accepts(status)) {
            return;
        }
        if (record.value() == null) {
            stream.offer(stream.removed(cursor.text(), record.key()));
        } else if (current.get().filter(status::equals).isPresent()) {
            stream.offer(stream.status(cursor.text(), Subscriber.json(record.value(), status)));
        }
    }
}
