package dev.patchlane.pipeline.budget;

import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Usage;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The lanes' configured prices, for stages that price what another stage spent (the router, the migration ledger). */
@ApplicationScoped
public class LanePrices {

    @ConfigProperty(name = "patchlane.lane.fast.price.input-per-million", defaultValue = "0")
    double fastInput;

    @ConfigProperty(name = "patchlane.lane.fast.price.output-per-million", defaultValue = "0")
    double fastOutput;

    @ConfigProperty(name = "patchlane.lane.deep.price.input-per-million", defaultValue = "0")
    double deepInput;

    @ConfigProperty(name = "patchlane.lane.deep.price.output-per-million", defaultValue = "0")
    double deepOutput;

    public double cost(Lane lane, Usage usage) {
        return lane == Lane.DEEP ? usage.costUsd(deepInput, deepOutput) : usage.costUsd(fastInput, fastOutput);
    }
}
