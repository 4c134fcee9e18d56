package dev.patchlane.ingest.dashboard;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.pipeline.config.TopicNames;
import dev.patchlane.pipeline.status.JobStatusView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The attempts of recent jobs (decoder, timings, cost, verification, agent steps, patch), read from the outcomes topic
 * by processes with the ingest role: the status topic carries none of that. Assigned every partition from the beginning,
 * no group and no commits, like the status view; only the last {@link #MAX_JOBS} jobs are kept, so memory stays bounded
 * and older jobs show their status history alone. Also sums cost per lane over every outcome it reads.
 */
@ApplicationScoped
public class AttemptLog {

    /** How many jobs' attempts are kept. */
    static final int MAX_JOBS = 5_000;
    /** Patches longer than this are cut on the page (the patch file and the branch hold the whole). */
    static final int MAX_PATCH_CHARS = 200_000;
    private static final Logger LOG = Logger.getLogger(AttemptLog.class);
    private static final Duration POLL = Duration.ofMillis(500);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    TopicNames topics;

    @Inject
    JobStatusView statusView;

    private final Map<String, List<Attempt>> byJob = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Attempt>> eldest) {
            return size() > MAX_JOBS;
        }
    };
    private final Map<String, Map<Lane, DoubleAdder>> costByTenant = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread reader;

    void start(@Observes StartupEvent event) {
        if (!statusView.active()) {
            return;
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "patchlane-dashboard-attempts");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        reader = new Thread(this::read, "patchlane-dashboard-attempts");
        reader.setDaemon(true);
        reader.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    private void read() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.outcomes()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    take(record);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            LOG.warnf(e, "the dashboard's attempt log stopped reading %s; job pages show status history only", topics.outcomes());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        Outcome outcome;
        try {
            outcome = RecordReader.read(record.value(), ContractSchema.OUTCOME, Outcome.class);
        } catch (RuntimeException e) {
            return; // the consumers of the topic dead-letter it; the dashboard just does not show it
        }
        record(outcome);
    }

    /** Adds an attempt; a redelivered outcome of the same attempt replaces the earlier one. */
    void record(Outcome outcome) {
        Attempt attempt = Attempt.of(outcome, MAX_PATCH_CHARS);
        boolean fresh;
        synchronized (byJob) {
            List<Attempt> attempts = new ArrayList<>(byJob.getOrDefault(outcome.job().id(), List.of()));
            fresh = attempts.removeIf(a -> a.number() == attempt.number()) ? false : true;
            attempts.add(attempt);
            attempts.sort(Comparator.comparingInt(Attempt::number));
            byJob.remove(outcome.job().id());
            byJob.put(outcome.job().id(), List.copyOf(attempts));
        }
        if (fresh && outcome.lane() != null) {
            String tenant = outcome.job().tenant() == null ? "" : outcome.job().tenant();
            costByTenant.computeIfAbsent(tenant, t -> new java.util.concurrent.ConcurrentHashMap<>())
                    .computeIfAbsent(outcome.lane(), l -> new DoubleAdder()).add(outcome.costUsd());
        }
    }

    /** The job's attempts, oldest first; empty when none was read (yet, or any longer). */
    public List<Attempt> attempts(String jobId) {
        synchronized (byJob) {
            return byJob.getOrDefault(jobId, List.of());
        }
    }

    /** Estimated cost of every attempt read, per lane, over the tenants {@code sees} accepts. */
    public Map<Lane, Double> costByLane(java.util.function.Predicate<String> sees) {
        Map<Lane, Double> costs = new EnumMap<>(Lane.class);
        for (Lane lane : Lane.values()) {
            costs.put(lane, 0.0);
        }
        costByTenant.forEach((tenant, lanes) -> {
            if (sees.test(tenant)) {
                lanes.forEach((lane, sum) -> costs.merge(lane, sum.sum(), Double::sum));
            }
        });
        return costs;
    }
}
