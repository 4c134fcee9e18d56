package dev.patchlane.contracts;

import java.util.List;

/** Default topic names; each can be renamed with {@code patchlane.topic.*}. */
public final class Topics {

    public static final String SUBMITTED = "patchlane.jobs.submitted";
    public static final String FAST = "patchlane.jobs.fast";
    public static final String DEEP = "patchlane.jobs.deep";
    public static final String OUTCOMES = "patchlane.jobs.outcomes";
    public static final String PUBLISHED = "patchlane.jobs.published";
    public static final String STATUS = "patchlane.jobs.status";
    public static final String DEAD_LETTER = "patchlane.dead-letter";
    public static final String WEBHOOKS = "patchlane.webhooks.github";
    public static final String MIGRATIONS = "patchlane.migrations";
    public static final String PACING = "patchlane.github.pacing";
    /** Outcome statistics per route key, compacted; read by every router replica (the learned routing policy). */
    public static final String ROUTING_STATS = "patchlane.routing.stats";

    public static final List<String> ALL = List.of(SUBMITTED, FAST, DEEP, OUTCOMES, PUBLISHED, STATUS, DEAD_LETTER, WEBHOOKS, MIGRATIONS, PACING, ROUTING_STATS);

    private Topics() {
    }
}
