package dev.patchlane.pipeline.metrics;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@Identifier("fast-outcomes")
public class FastOutcomeMeters extends OutcomeWriteMeters {
}
