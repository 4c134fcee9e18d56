package dev.patchlane.router.learning;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The learned routing policy: a Beta posterior of the fast lane's verified success per route key. */
@ConfigMapping(prefix = "patchlane.router.learning")
public interface LearningConfig {

    /** Decide from outcome statistics where there is evidence; off, the fixed rules decide every job. */
    @WithDefault("true")
    boolean enabled();

    /**
     * What one US dollar of expected spend weighs against one second of expected time: 1,000, so that at the lanes'
     * default figures (a deep attempt about $0.05 and 40 s) spend and time weigh about the same.
     */
    @WithDefault("1000")
    double costWeight();

    /** What one second of expected time weighs. */
    @WithDefault("1")
    double timeWeight();

    /** Strength of the prior (pseudo-outcomes) each finer key borrows from the coarser one. */
    @WithDefault("4")
    double priorStrength();

    /** Prior mean of the fast lane's success where the rules send a job fast. */
    @WithDefault("0.8")
    double priorFastSuccess();

    /** Prior mean where the rules would send it deep for a reason that is not a hard rule (kind, file count). */
    @WithDefault("0.3")
    double priorDeepRuleSuccess();

    /** Decayed fast outcomes a key needs before its posterior mean decides; with fewer, a draw from the posterior decides. */
    @WithDefault("20")
    double minEvidence();

    /** Share of jobs the estimate sends deep that go fast anyway, so a key's evidence keeps coming (labelled "exploring"). */
    @WithDefault("0.05")
    double explorationRate();

    /**
     * Half-life of the statistics in outcomes of one key: an outcome this many outcomes old weighs half, so a change of a
     * lane's success rate shows within about that many outcomes.
     */
    @WithDefault("30")
    double halfLife();

    /** Expected fast attempt cost and time where nothing is known yet (the emulator's defaults). */
    @WithDefault("0.002")
    double defaultFastCostUsd();

    @WithDefault("2")
    double defaultFastSeconds();

    @WithDefault("0.05")
    double defaultDeepCostUsd();

    @WithDefault("40")
    double defaultDeepSeconds();
}
