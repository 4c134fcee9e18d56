package dev.patchlane.contracts;

import java.util.List;

/**
 * Where a job goes and why.
 *
 * @param lane the chosen lane
 * @param reasons human-readable reasons, most decisive first
 * @param features the facts the decision was made from
 */
public record RouteDecision(Lane lane, List<String> reasons, RouteFeatures features) {

    public RouteDecision {
        reasons = List.copyOf(reasons);
    }
}
