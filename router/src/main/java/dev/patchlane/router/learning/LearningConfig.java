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
     * Half-life of the long-run statistics in outcomes of one key: an outcome this many outcomes old weighs half. Long, so
     * that a steady key's estimate is precise; a change of the fast lane's rate is caught by the recent counts instead.
     */
    @WithDefault("200")
    double halfLife();

    /** Half-life of the fast lane's recent counts, in outcomes of one key: how far back "recent" reaches. */
    @WithDefault("15")
    double recentHalfLife();

    /**
     * A key's rate has shifted when the fast success of its earlier outcomes lies outside this central share of the
     * posterior of its recent ones; the key and its finer keys are then estimated from recent outcomes alone.
     */
    @WithDefault("0.98")
    double shiftConfidence();

    /** Decayed recent fast outcomes, and earlier ones, a key needs before a shift can be seen there. */
    @WithDefault("8")
    double shiftMinEvidence();

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
