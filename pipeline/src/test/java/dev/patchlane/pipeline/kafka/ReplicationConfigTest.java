package dev.patchlane.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code patchlane.kafka.min-insync-replicas} becomes each created topic's {@code min.insync.replicas}, within its factor. */
class ReplicationConfigTest {

    @Test
    void unsetLeavesTheBrokersDefault() {
        assertEquals(Map.of(), TopicInitializer.replicationConfig(settings(3, OptionalInt.empty())));
    }

    @Test
    void aClusterOfThreeKeepsTwoInSync() {
        assertEquals(Map.of("min.insync.replicas", "2"), TopicInitializer.replicationConfig(settings(3, OptionalInt.of(2))));
    }

    @Test
    void theBrokersDefaultFactorIsNotJudged() {
        assertEquals(Map.of("min.insync.replicas", "2"), TopicInitializer.replicationConfig(settings(-1, OptionalInt.of(2))));
    }

    @ParameterizedTest
    @CsvSource({"3,4", "1,2", "3,0", "3,-1"})
    void aValueNoWriteCouldMeetIsRefusedNamingBothKeys(short factor, int minInsync) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TopicInitializer.replicationConfig(settings(factor, OptionalInt.of(minInsync))));
        assertEquals("patchlane.kafka.min-insync-replicas=" + minInsync + " must be between 1 and patchlane.kafka.replication-factor ("
                + factor + "): with acks=all no write could succeed otherwise", e.getMessage());
    }

    private static TopicSettings settings(int factor, OptionalInt minInsync) {
        return new TopicSettings() {
            @Override
            public boolean createTopics() {
                return true;
            }

            @Override
            public int partitions() {
                return 4;
            }

            @Override
            public short replicationFactor() {
                return (short) factor;
            }

            @Override
            public OptionalInt minInsyncReplicas() {
                return minInsync;
            }

            @Override
            public Duration deliveriesRetention() {
                return Duration.ofDays(7);
            }

            @Override
            public Duration pacingRetention() {
                return Duration.ofHours(1);
            }
        };
    }
}
