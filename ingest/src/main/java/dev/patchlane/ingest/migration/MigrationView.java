package dev.patchlane.ingest.migration;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Migration;
import dev.patchlane.contracts.RecordReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Every migration this process has seen on the compacted migrations topic, re-read from the start at each start. */
@ApplicationScoped
public class MigrationView {

    private final Map<String, Migration> byId = new ConcurrentHashMap<>();

    @Incoming("migrations-view")
    public void consume(byte[] record) {
        apply(RecordReader.read(record, ContractSchema.MIGRATION, Migration.class));
    }

    /** A cancellation is final: a late copy of the original record does not undo it. */
    void apply(Migration migration) {
        byId.merge(migration.id(), migration, (old, now) -> old.cancelled() && !now.cancelled() ? old : now);
    }

    public Optional<Migration> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean cancelled(String id) {
        return get(id).map(Migration::cancelled).orElse(false);
    }

    public List<Migration> list() {
        return byId.values().stream().sorted(Comparator.comparing(Migration::submittedAt).reversed()).toList();
    }
}
