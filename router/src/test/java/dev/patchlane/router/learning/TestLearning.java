package dev.patchlane.router.learning;

/** The defaults of {@link LearningConfig}, with the few a test changes. */
record TestLearning(boolean enabled, double explorationRate, double minEvidence) implements LearningConfig {

    static TestLearning defaults() {
        return new TestLearning(true, 0.05, 20);
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
