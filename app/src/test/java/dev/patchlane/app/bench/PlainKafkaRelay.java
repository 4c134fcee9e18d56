package dev.patchlane.app.bench;

import static dev.patchlane.app.bench.PipelineRecords.JOB;
import static dev.patchlane.app.bench.PipelineRecords.OUTCOME;
import static dev.patchlane.app.bench.PipelineRecords.PUBLICATION;
import static dev.patchlane.app.bench.PipelineRecords.ROUTED;
import static dev.patchlane.app.bench.PipelineRecords.STATUS_PUBLISHED;
import static dev.patchlane.app.bench.PipelineRecords.STATUS_READY;
import static dev.patchlane.app.bench.PipelineRecords.STATUS_ROUTED;
import static dev.patchlane.app.bench.PipelineRecords.STATUS_RUNNING;
import static dev.patchlane.app.bench.PipelineRecords.STATUS_SUBMITTED;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The baseline: the pipeline's hops done by plain Kafka clients with nothing else to do. Each stage is one thread with a
 * consumer; per polled batch it writes each step's records for the whole batch and awaits them together before the next
 * step (so a job's status is acknowledged before its next record, as in the pipeline), then commits. Records have the
 * sizes the pipeline's records had, job by job; topics have the pipeline's partition counts (status compacted); every
 * producer is idempotent with acks=all and the service's linger.ms=0.
 */
final class PlainKafkaRelay implements AutoCloseable {

    /** One relayed job: when its SUBMITTED status was stamped, and its PUBLISHED status (both just before their write). */
    record Relayed(String jobId, Instant submitted, Instant ended) {
        long endToEndNanos() {
            return Duration.between(submitted, ended).toNanos();
        }
    }

    private record Step(String topic, int size) {
    }

    private final String prefix;
    private final String bootstrap;
    private final Map<String, int[]> sizes;
    private final Map<String, Instant> submittedAt = new ConcurrentHashMap<>();
    private final Map<String, Relayed> ended = new ConcurrentHashMap<>();
    private final Map<String, KafkaProducer<String, byte[]>> producers = new ConcurrentHashMap<>();
    private final List<KafkaConsumer<String, byte[]>> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile CountDownLatch each = new CountDownLatch(1);
    private volatile boolean running = true;

    /** @param sizes each job's record sizes as {@link PipelineRecords} read them, by job id */
    PlainKafkaRelay(String bootstrap, String prefix, int partitions, Map<String, int[]> sizes) throws Exception {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        this.sizes = sizes;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : List.of("submitted", "fast", "outcomes", "published")) {
                topics.add(new NewTopic(topic(name), partitions, (short) 1));
            }
            topics.add(new NewTopic(topic("status"), partitions, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            admin.createTopics(topics).all().get();
            awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
        }
        stage("router", "submitted", List.of(new Step(topic("status"), STATUS_ROUTED), new Step(topic("fast"), ROUTED)), false);
        stage("fast-worker", "fast", List.of(new Step(topic("status"), STATUS_RUNNING), new Step(topic("outcomes"), OUTCOME),
                new Step(topic("status"), STATUS_READY)), false);
        stage("sink", "outcomes", List.of(new Step(topic("published"), PUBLICATION), new Step(topic("status"), STATUS_PUBLISHED)), true);
        // The router's escalation consumer reads every outcome too, and writes nothing for a job that needs no escalation.
        stage("escalation", "outcomes", List.of(), false);
    }

    /** A first send to a partition without a leader yet can fence an idempotent producer (OutOfOrderSequence): wait. */
    private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            boolean led = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            if (led) {
                Thread.sleep(500);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("relay topics have no leader after 30 s: " + topics);
            }
            Thread.sleep(100);
        }
    }

    String topic(String name) {
        return prefix + "." + name;
    }

    /**
     * Submits {@code jobIds} as ingest would (SUBMITTED status, then job record), {@code chunk} jobs at a time, and waits
     * until all have passed the sink; with {@code closedLoop} each chunk waits for its jobs to end before the next.
     */
    List<Relayed> run(List<String> jobIds, int chunk, boolean closedLoop, Duration timeout) throws Exception {
        ended.clear();
        List<Step> ingest = List.of(new Step(topic("status"), STATUS_SUBMITTED), new Step(topic("submitted"), JOB));
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int from = 0; from < jobIds.size(); from += chunk) {
            List<String> batch = jobIds.subList(from, Math.min(jobIds.size(), from + chunk));
            each = new CountDownLatch(batch.size());
            Instant now = Instant.now();
            batch.forEach(id -> submittedAt.put(id, now));
            write(batch, ingest, Function.identity());
            if (closedLoop && !each.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("relay: a job did not end within " + timeout);
            }
        }
        while (ended.size() < jobIds.size()) {
            if (failure.get() != null) {
                throw new IllegalStateException("relay stage failed", failure.get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("relay: " + ended.size() + " of " + jobIds.size() + " jobs ended within " + timeout);
            }
            Thread.sleep(5);
        }
        return jobIds.stream().map(ended::get).toList();
    }

    /** Each step's records for every job of the batch, sent together and awaited together, step after step. */
    private <T> void write(List<T> batch, List<Step> steps, Function<T, String> key) throws ExecutionException, InterruptedException {
        for (Step step : steps) {
            KafkaProducer<String, byte[]> producer = producer(step.topic());
            List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
            for (T item : batch) {
                String id = key.apply(item);
                int size = sizes.get(id)[step.size()];
                if (size >= 0) {
                    sent.add(producer.send(new ProducerRecord<>(step.topic(), id, new byte[size])));
                }
            }
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
        }
    }

    private void stage(String name, String from, List<Step> steps, boolean last) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "-" + name);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic(from)));
        consumers.add(consumer);
        List<Step> before = last ? steps.subList(0, steps.size() - 1) : steps;
        List<Step> finalStep = last ? steps.subList(steps.size() - 1, steps.size()) : List.of();
        Thread thread = new Thread(() -> {
            try {
                while (running) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                    if (records.isEmpty()) {
                        continue;
                    }
                    List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
                    records.forEach(batch::add);
                    write(batch, before, ConsumerRecord::key);
                    if (last) {
                        Instant now = Instant.now();
                        write(batch, finalStep, ConsumerRecord::key);
                        for (ConsumerRecord<String, byte[]> record : batch) {
                            ended.put(record.key(), new Relayed(record.key(), submittedAt.get(record.key()), now));
                            each.countDown();
                        }
                    }
                    consumer.commitAsync();
                }
            } catch (WakeupException e) {
                // closing
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "relay-" + name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private KafkaProducer<String, byte[]> producer(String topic) {
        // One producer per topic, as the service has one per channel (the status channel's is shared by every stage).
        return producers.computeIfAbsent(topic, t -> {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        });
    }

    /** The status producer's metrics (where a send's time goes), as {@link Bench#producerMetrics} shows them. */
    String statusProducerMetrics() {
        return Bench.producerMetrics(producer(topic("status")));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
        for (Thread thread : threads) {
            thread.join(5000);
        }
        consumers.forEach(KafkaConsumer::close);
        producers.values().forEach(KafkaProducer::close);
    }
}
