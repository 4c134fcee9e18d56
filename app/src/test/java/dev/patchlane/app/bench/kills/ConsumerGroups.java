package dev.patchlane.app.bench.kills;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches a role's consumer groups through the admin client: a group has settled when it is Stable, every partition of
 * its topic is assigned, and its members (told apart by the client id prefix each process start gets) are the ones
 * expected.
 */
public final class ConsumerGroups implements AutoCloseable {

    private static final long POLL_MS = 100;

    private final Admin admin;
    private final Map<String, Integer> partitions = new HashMap<>();

    public ConsumerGroups(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin = Admin.create(props);
    }

    /**
     * Waits until every group of {@code role} is Stable with every partition of its topic assigned and its members'
     * client ids pass {@code members}.
     *
     * @return the nanoTime at which the last of them was seen so
     * @throws IllegalStateException with the groups' last state after {@code timeout}
     */
    public long awaitSettled(FleetRole role, Predicate<List<String>> members, String wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Map<String, ConsumerGroupDescription> groups = describe(role.groups().keySet());
            boolean settled = true;
            StringBuilder seen = new StringBuilder();
            for (Map.Entry<String, String> group : role.groups().entrySet()) {
                ConsumerGroupDescription description = groups.get(group.getKey());
                Set<TopicPartition> assigned = new HashSet<>();
                for (MemberDescription member : description.members()) {
                    assigned.addAll(member.assignment().topicPartitions());
                }
                long owned = assigned.stream().filter(p -> p.topic().equals(group.getValue())).count();
                List<String> clients = description.members().stream().map(MemberDescription::clientId).sorted().toList();
                settled &= description.groupState() == GroupState.STABLE && owned == partitionsOf(group.getValue()) && members.test(clients);
                seen.append(group.getKey()).append(": ").append(description.groupState()).append(", members ").append(clients)
                        .append(", ").append(owned).append(" partitions assigned; ");
            }
            if (settled) {
                return System.nanoTime();
            }
            last = seen.toString();
            TimeUnit.MILLISECONDS.sleep(POLL_MS);
        }
        throw new IllegalStateException(role.configName() + " groups did not settle (" + wanted + ") within " + timeout + ": " + last);
    }

    private Map<String, ConsumerGroupDescription> describe(Set<String> groups) throws InterruptedException {
        try {
            return admin.describeConsumerGroups(groups).all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot describe " + groups, e);
        }
    }

    private int partitionsOf(String topic) throws InterruptedException {
        Integer known = partitions.get(topic);
        if (known == null) {
            try {
                known = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("cannot describe " + topic, e);
            }
            partitions.put(topic, known);
        }
        return known;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
