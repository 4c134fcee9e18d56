package dev.patchlane.sink.pacing;

import dev.patchlane.sink.github.LocalMutationGate;
import dev.patchlane.sink.github.MutationGate;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Paces mutating GitHub calls across every sink replica through one Kafka topic. A replica that wants a turn appends a
 * {@link PacingTicket} keyed by the lane, so one lane's tickets are totally ordered in one partition; every replica reads
 * the whole topic from a little before its start and computes the same {@link PacingSchedule} from it. The asker waits
 * until it reads its own ticket back, then sleeps for its slot minus its ticket's append time, counted from that read:
 * both times are the broker's, so replicas' clocks never meet, and the sleep can end late (by the read lag) but never
 * early. Within the replica, a {@link LocalMutationGate} keeps one ticket per lane in flight and calls serial.
 * Reads never come here. When the broker cannot take or return the ticket in time the call fails with an
 * {@link IOException}, and the sink's record handler retries the outcome later.
 */
public final class KafkaMutationGate implements MutationGate, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaMutationGate.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);

    /**
     * @param bootstrapServers the cluster the pipeline runs on
     * @param topic the pacing topic; it must stamp records with the broker's clock ({@code message.timestamp.type=LogAppendTime})
     * @param replica this process, as named in its tickets
     * @param lookback how far back a starting replica reads tickets that may still hold slots
     * @param timeout how long taking a ticket (append and read back) may take before the call fails
     * @param maxDelay the longest wait for a slot before the call fails instead (a backlogged lane)
     */
    public record Settings(String bootstrapServers, String topic, String replica, Duration lookback, Duration timeout,
            Duration maxDelay) {

        public Settings {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(replica, "replica");
            positive(lookback, "lookback");
            positive(timeout, "timeout");
            positive(maxDelay, "maxDelay");
        }

        private static void positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
            }
        }
    }

    private final Settings settings;
    private final LocalMutationGate local = new LocalMutationGate();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final PacingSchedule schedule = new PacingSchedule();
    private final ConcurrentMap<String, CompletableFuture<Admitted>> waiting = new ConcurrentHashMap<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread reader;
    private volatile boolean running = true;
    private volatile String problem = "not yet connected";
    private long skipped;

    /** Where this replica's ticket landed, and when (this JVM's monotonic clock) the reader saw it. */
    private record Admitted(PacingSchedule.Slot slot, long readNanos) {
    }

    private KafkaMutationGate(Settings settings) {
        this.settings = settings;
        String client = "patchlane-pacing-" + settings.replica();
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, client);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        // No group: the reader assigns itself every partition and never commits, so replicas never rebalance.
        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, client);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumerConfig.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::read, client);
        reader.setDaemon(true);
    }

    /** Connects in the background; {@link #enter} waits for it up to the timeout. */
    public static KafkaMutationGate start(Settings settings) {
        KafkaMutationGate gate = new KafkaMutationGate(settings);
        gate.reader.start();
        return gate;
    }

    @Override
    public Turn enter(String lane, Duration spacing) throws IOException {
        long spacingMillis = Math.min(spacing.toMillis(), PacingTicket.MAX_SPACING_MILLIS);
        Turn turn = local.enter(lane, spacing);
        try {
            awaitSlot(lane, spacingMillis);
            return turn;
        } catch (IOException | RuntimeException e) {
            turn.close();
            throw e;
        }
    }

    private void awaitSlot(String lane, long spacingMillis) throws IOException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        PacingTicket ticket = new PacingTicket(lane, settings.replica(), UUID.randomUUID().toString(), spacingMillis,
                System.currentTimeMillis());
        CompletableFuture<Admitted> admitted = new CompletableFuture<>();
        waiting.put(ticket.ticket(), admitted);
        try {
            if (!ready.await(remaining(deadline), TimeUnit.NANOSECONDS)) {
                throw new IOException("GitHub pacing: cannot read the pacing topic " + settings.topic() + " within "
                        + settings.timeout() + " (" + problem + "); the mutating call was not made");
            }
            producer.send(new ProducerRecord<>(settings.topic(), lane, ticket.toBytes()))
                    .get(remaining(deadline), TimeUnit.NANOSECONDS);
            Admitted turn = admitted.get(remaining(deadline), TimeUnit.NANOSECONDS);
            long wait = turn.slot().waitMillis();
            if (wait > settings.maxDelay().toMillis()) {
                throw new IOException("GitHub pacing: lane " + lane + " is booked " + wait + " ms ahead, more than "
                        + settings.maxDelay() + "; the mutating call was not made");
            }
            sleepUntil(turn.readNanos() + TimeUnit.MILLISECONDS.toNanos(wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw (InterruptedIOException) new InterruptedIOException("Interrupted waiting for a GitHub pacing slot").initCause(e);
        } catch (TimeoutException e) {
            throw new IOException("GitHub pacing: no ticket on " + settings.topic() + " within " + settings.timeout()
                    + "; the mutating call was not made", e);
        } catch (ExecutionException e) {
            throw new IOException("GitHub pacing: cannot take a ticket on " + settings.topic() + ": "
                    + e.getCause().getMessage() + "; the mutating call was not made", e.getCause());
        } finally {
            waiting.remove(ticket.ticket());
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private void read() {
        try {
            while (running) {
                try {
                    if (ready.getCount() > 0) {
                        assign();
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                        handle(record);
                    }
                } catch (WakeupException e) {
                    // close() woke us
                } catch (RuntimeException e) {
                    if (!e.toString().equals(problem)) {
                        LOG.warnf("GitHub pacing: reading %s failed, retrying: %s", settings.topic(), e);
                    }
                    problem = e.toString();
                    Thread.sleep(RETRY.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void assign() {
        List<PartitionInfo> partitions = consumer.partitionsFor(settings.topic(), settings.timeout());
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + settings.topic()
                    + " does not exist (patchlane.kafka.create-topics creates it at start-up)");
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(assigned);
        // Tickets from before this replica started may still hold slots ahead; older ones no longer matter.
        long since = System.currentTimeMillis() - settings.lookback().toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        assigned.forEach(tp -> times.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, settings.timeout());
        for (TopicPartition tp : assigned) {
            OffsetAndTimestamp found = offsets.get(tp);
            if (found == null) {
                consumer.seekToEnd(List.of(tp));
                consumer.position(tp, settings.timeout());
            } else {
                consumer.seek(tp, found.offset());
            }
        }
        problem = "connected";
        ready.countDown();
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        PacingTicket ticket;
        try {
            ticket = PacingTicket.parse(record.key(), record.value());
        } catch (IllegalArgumentException e) {
            skip(record, e.getMessage());
            return;
        }
        if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
            // A writer's own timestamps could book slots anywhere; only the broker's clock is shared by every replica.
            String reason = "topic " + settings.topic() + " stamps records with " + record.timestampType()
                    + "; pacing needs message.timestamp.type=LogAppendTime";
            CompletableFuture<Admitted> mine = waiting.get(ticket.ticket());
            if (mine != null) {
                mine.completeExceptionally(new IllegalStateException(reason));
            }
            skip(record, reason);
            return;
        }
        schedule.admit(ticket, record.timestamp()).ifPresent(slot -> {
            CompletableFuture<Admitted> mine = waiting.get(ticket.ticket());
            if (mine != null) {
                mine.complete(new Admitted(slot, System.nanoTime()));
            }
        });
    }

    private void skip(ConsumerRecord<String, byte[]> record, String reason) {
        // A hostile writer could flood the log; the count keeps the log readable.
        if (skipped++ % 1000 == 0) {
            LOG.warnf("GitHub pacing: skipped record %s-%d@%d, not a ticket: %s (%d skipped so far)", record.topic(),
                    record.partition(), record.offset(), reason, skipped);
        }
    }

    /** Test hook and health hint: whether the reader has found the topic and its start offsets. */
    public boolean isReady() {
        return ready.getCount() == 0;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
