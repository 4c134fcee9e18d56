package dev.patchlane.app.pipeline;

import dev.patchlane.app.support.EmbeddedKafkaResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
class EmbeddedBrokerPipelineTest extends PipelineScenario {
}
