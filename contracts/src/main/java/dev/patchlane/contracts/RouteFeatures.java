package dev.patchlane.contracts;

import java.util.List;

/**
 * The measured facts a routing decision was made from.
 *
 * @param kind the job kind
 * @param targetFiles how many files the job targets
 * @param contextTokens tokens of instructions plus target files ({@code o200k_base})
 * @param outputSchemaRequired whether the result must match a JSON Schema
 * @param securitySignals security-sensitive words found in paths or instructions
 * @param laneHint the submitter's lane hint, or null
 */
public record RouteFeatures(
        JobKind kind,
        int targetFiles,
        long contextTokens,
        boolean outputSchemaRequired,
        List<String> securitySignals,
        Lane laneHint) {

    public RouteFeatures {
        securitySignals = List.copyOf(securitySignals);
    }
}
