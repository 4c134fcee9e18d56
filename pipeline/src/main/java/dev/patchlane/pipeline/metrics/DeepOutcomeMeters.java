package dev.patchlane.pipeline.metrics;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@Identifier("deep-outcomes")
public class DeepOutcomeMeters extends OutcomeWriteMeters {
}
