package dev.patchlane.worker.agent;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The deep lane's tool loop: its budgets per job and the bounds of what its tools return. */
public interface AgentSettings {

    /** Model turns; each turn is one decode that may call several tools. */
    @WithDefault("24")
    int maxTurns();

    /** Prompt plus completion tokens over every turn. */
    @WithDefault("600000")
    long maxTokens();

    /** Estimated US dollars over every turn, from the lane's prices. */
    @WithDefault("5.00")
    double maxCostUsd();

    /** Wall time of the whole loop, tools and checks included. */
    @WithDefault("20m")
    Duration maxWallTime();

    /** The same call with the same arguments this many times ends the loop: the model is going round in circles. */
    @WithDefault("3")
    int maxRepeats();

    /** Tool calls one turn may make; the rest of that turn's calls are answered with an error. */
    @WithDefault("16")
    int maxCallsPerTurn();

    /** Steps kept in the outcome's trail; later ones are counted, not listed. */
    @WithDefault("200")
    int maxRecordedSteps();

    /** The largest file {@code read_file} reads; what it returns at once is bounded by {@code result-max-chars}. */
    @WithDefault("262144")
    int readMaxBytes();

    /** What one tool result may hold; longer results are cut, and the cut is said. */
    @WithDefault("24000")
    int resultMaxChars();
}
