package dev.patchlane.contracts;

import java.util.Map;

/** The JSON Schemas of the contracts, one per record type, stored under {@code schemas/} on the classpath. */
public enum ContractSchema {
    JOB_REQUEST("job-request.schema.json"),
    JOB("job.schema.json"),
    ROUTED_JOB("routed-job.schema.json"),
    OUTCOME("outcome.schema.json"),
    PUBLICATION("publication.schema.json"),
    JOB_STATUS("job-status.schema.json"),
    WEBHOOK_DELIVERY("webhook-delivery.schema.json"),
    MIGRATION("migration.schema.json"),
    MIGRATION_MANIFEST("migration-manifest.schema.json");

    public static final String BASE_URI = "https://patchlane.dev/schemas/";

    private static final Map<String, ContractSchema> BY_TOPIC = Map.of(
            Topics.SUBMITTED, JOB,
            Topics.FAST, ROUTED_JOB,
            Topics.DEEP, ROUTED_JOB,
            Topics.OUTCOMES, OUTCOME,
            Topics.PUBLISHED, PUBLICATION,
            Topics.STATUS, JOB_STATUS,
            Topics.WEBHOOKS, WEBHOOK_DELIVERY,
            Topics.MIGRATIONS, MIGRATION);

    private final String file;

    ContractSchema(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public String uri() {
        return BASE_URI + file;
    }

    /** The schema of the records on a default-named topic. */
    public static ContractSchema forTopic(String topic) {
        ContractSchema schema = BY_TOPIC.get(topic);
        if (schema == null) {
            throw new IllegalArgumentException("no schema for topic " + topic);
        }
        return schema;
    }
}
