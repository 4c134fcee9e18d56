package dev.patchlane.app.pipeline;

import dev.patchlane.app.support.KafkaContainerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.condition.EnabledIf;

/** The same scenario against Apache Kafka in a container; skipped where there is no Docker engine. */
@QuarkusTest
@WithTestResource(KafkaContainerResource.class)
@EnabledIf(value = "dev.patchlane.app.support.KafkaContainerResource#dockerAvailable", disabledReason = "no Docker engine")
class ContainerBrokerPipelineTest extends PipelineScenario {
}
