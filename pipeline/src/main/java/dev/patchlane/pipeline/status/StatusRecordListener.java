package dev.patchlane.pipeline.status;

import dev.patchlane.contracts.JobStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Told of every record the view read from the status topic, after the view applied it, in offset order for each
 * partition: unlike {@link StatusChangeListener} it sees each record with its position, including records that changed
 * nothing (the echo of a status this process applied already), so a reader can resume from a position in the topic.
 */
@FunctionalInterface
public interface StatusRecordListener {

    /**
     * @param record the record as read (a null value is a tombstone)
     * @param status the record's status, or for a tombstone the status it removed (null when the view did not hold it)
     */
    void read(ConsumerRecord<String, byte[]> record, JobStatus status);
}
