package dev.patchlane.pipeline.metrics;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Transition;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The newest transition of a history as the meters see it.
 *
 * @param stage who wrote it, e.g. {@code router}
 * @param state the state entered
 * @param lane the lane involved, or null
 * @param sincePrevious from the transition before it to this one, or null for the first; never negative (clocks of
 *     two processes may disagree)
 * @param sinceSubmitted from the first transition to this one when {@code state} is terminal, else null
 */
public record TransitionSample(String stage, JobState state, Lane lane, Duration sincePrevious, Duration sinceSubmitted) {

    public static Optional<TransitionSample> newestOf(List<Transition> history) {
        if (history == null || history.isEmpty()) {
            return Optional.empty();
        }
        Transition last = history.get(history.size() - 1);
        if (last.state() == null || last.at() == null) {
            return Optional.empty();
        }
        Duration sincePrevious = history.size() < 2 ? null : between(history.get(history.size() - 2), last);
        Duration sinceSubmitted = last.state().isTerminal() ? between(history.get(0), last) : null;
        return Optional.of(new TransitionSample(last.stage() == null ? "unknown" : last.stage(), last.state(), last.lane(), sincePrevious,
                sinceSubmitted));
    }

    private static Duration between(Transition from, Transition to) {
        if (from.at() == null) {
            return null;
        }
        Duration elapsed = Duration.between(from.at(), to.at());
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }
}
