package dev.patchlane.app.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service with the ingest role only: jobs are validated and written to Kafka, but nothing routes or decodes them. */
public class IngestOnlyProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("patchlane.roles", "ingest");
    }
}
