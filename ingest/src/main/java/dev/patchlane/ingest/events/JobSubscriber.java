package dev.patchlane.ingest.events;

import dev.patchlane.contracts.JobStatus;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A {@code /jobs/{id}/events} stream: the job's status each time its history grows, ending once it is terminal or
 * removed. Statuses come from the view's snapshot and from the topic's records in either order, so only a status with
 * a longer history than the last one sent goes out: none is repeated and none goes backwards.
 */
final class JobSubscriber implements Subscriber {

    private final String jobId;
    private final EventStream stream;
    private int sent;
    private boolean finished;

    /** @param sent how many transitions the client has already (its cursor) */
    JobSubscriber(String jobId, EventStream stream, int sent) {
        this.jobId = jobId;
        this.stream = stream;
        this.sent = sent;
    }

    @Override
    public EventStream stream() {
        return stream;
    }

    @Override
    public void read(ConsumerRecord<String, byte[]> record, JobStatus status, Supplier<Optional<JobStatus>> current) {
        if (!jobId.equals(record.key())) {
            return;
        }
        if (record.value() == null) {
            removed();
        } else if (status != null) {
            offer(status, Subscriber.json(record.value(), status));
        }
    }

    /** Sends {@code status} unless the client has it already; {@code json} is its text as on the topic. */
    synchronized void offer(JobStatus status, String json) {
        if (finished || status.history().size() <= sent) {
            return;
        }
        sent = status.history().size();
        stream.offer(stream.status(new JobCursor(sent).text(), json));
        if (status.isTerminal()) {
            finish();
        }
    }

    /** The client is up to date with a job that has ended: nothing will follow. */
    synchronized void finishIfTerminal(JobStatus status) {
        if (status.isTerminal() && status.history().size() <= sent) {
            finish();
        }
    }

    synchronized void removed() {
        if (!finished) {
            stream.offer(stream.removed(new JobCursor(sent).text(), jobId));
            finish();
        }
    }

    private void finish() {
        finished = true;
        stream.endAfterQueued();
    }
}
