package dev.patchlane.ingest.dashboard;

import dev.patchlane.contracts.Transition;
import io.quarkus.qute.TemplateData;

/**
 * One transition of a job's history.
 *
 * @param state the state entered
 * @param stage who moved it
 * @param at when (ISO-8601)
 * @param lane the lane, or {@code none}
 * @param reason why (untrusted text)
 */
@TemplateData
public record TimelineEntry(String state, String stage, String at, String lane, String reason) {

    static TimelineEntry of(Transition transition) {
        return new TimelineEntry(transition.state().name(), transition.stage(), transition.at() == null ? "" : transition.at().toString(),
                DashboardFigures.lane(transition.lane()), transition.reason() == null ? "" : transition.reason());
    }
}
