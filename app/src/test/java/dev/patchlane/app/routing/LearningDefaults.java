package dev.patchlane.app.routing;

import dev.patchlane.router.learning.LearningConfig;

/** {@link LearningConfig} with its documented defaults, for tests outside Quarkus. */
final class LearningDefaults implements LearningConfig {

    static final LearningConfig CONFIG = new LearningDefaults();

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public double costWeight() {
        return 1000;
    }

    @Override
    public double timeWeight() {
        return 1;
    }

    @Override
    public double priorStrength() {
        return 4;
    }

    @Override
    public double priorFastSuccess() {
        return 0.8;
    }

    @Override
    public double priorDeepRuleSuccess() {
        return 0.3;
    }

    @Override
    public double minEvidence() {
        return 20;
    }

    @Override
    public double explorationRate() {
        return 0.05;
    }

    @Override
    public double halfLife() {
        return 200;
    }

    @Override
    public double recentHalfLife() {
        return 15;
    }

    @Override
    public double shiftConfidence() {
        return 0.98;
    }

    @Override
    public double shiftMinEvidence() {
        return 8;
    }

    @Override
    public double defaultFastCostUsd() {
        return 0.002;
    }

    @Override
    public double defaultFastSeconds() {
        return 2;
    }

    @Override
    public double defaultDeepCostUsd() {
        return 0.05;
    }

    @Override
    public double defaultDeepSeconds() {
        return 40;
    }
}
