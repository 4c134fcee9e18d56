package dev.patchlane.ingest.migration;

import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Migration;
import dev.patchlane.contracts.MigrationManifest;
import dev.patchlane.ingest.IngestConfig;
import dev.patchlane.ingest.auth.Caller;
import dev.patchlane.ingest.auth.Scope;
import dev.patchlane.pipeline.access.AccessDecision;
import dev.patchlane.pipeline.access.RepositoryAccessPolicy;
import dev.patchlane.ingest.budget.BudgetBounds;
import dev.patchlane.pipeline.budget.BudgetConfig;
import dev.patchlane.pipeline.budget.MigrationBudgets;
import dev.patchlane.pipeline.budget.MigrationSpend;
import dev.patchlane.pipeline.kafka.KafkaSender;
import dev.patchlane.pipeline.migration.MigrationView;
import dev.patchlane.pipeline.status.JobStatusView;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Bulk migrations: submit a manifest, follow its progress per state and repository, cancel what has not started. A caller
 * sees and cancels only its tenant's migrations (an admin: every one); another tenant's is answered as unknown.
 */
@Path("/migrations")
@Produces(MediaType.APPLICATION_JSON)
public class MigrationsResource {

    private static final Logger LOG = Logger.getLogger(MigrationsResource.class);
    private static final int MAX_LISTED_PUBLICATIONS = 1000;

    @Inject
    IngestConfig config;

    @Inject
    JobStatusView statusView;

    @Inject
    MigrationView migrations;

    @Inject
    MigrationRunner runner;

    @Inject
    @Channel("migrations-out")
    MutinyEmitter<byte[]> out;

    @Inject
    SecurityIdentity identity;

    @Inject
    RepositoryAccessPolicy access;

    @Inject
    BudgetConfig budgetConfig;

    @Inject
    MigrationBudgets budgets;

    private ManifestReader reader;

    @PostConstruct
    void init() {
        reader = new ManifestReader(config.maxManifestBytes());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Scope.Roles.SUBMIT)
    public Response submit(@HeaderParam("Content-Type") String contentType, byte[] body) {
        if (!statusView.active()) {
            return withoutIngestRole();
        }
        if (!replayed()) {
            return stillLoading();
        }
        MigrationManifest manifest;
        try {
            manifest = reader.read(contentType, body == null ? new byte[0] : body);
        } catch (ManifestReader.Refusal refusal) {
            return Response.status(refusal.status()).entity(Map.of("error", refusal.getMessage(), "violations", refusal.violations())).build();
        }
        List<String> overBounds = new ArrayList<>(BudgetBounds.violations("budget", manifest.budget(), budgetConfig));
        overBounds.addAll(BudgetBounds.violations("totalBudget", manifest.totalBudget(), budgetConfig));
        if (!overBounds.isEmpty()) {
            return Response.status(400).entity(Map.of("error", "invalid budget", "violations", overBounds)).build();
        }
        Caller caller = Caller.of(identity);
        for (MigrationManifest.Target target : manifest.repositories()) {
            if (access.check(target.url(), caller.tenant(), MigrationRunner.MIGRATION_SOURCE) instanceof AccessDecision.Refused refused) {
                return Response.status(403).entity(Map.of("error", "a repository of this migration is not allowed for this tenant: "
                        + refused.detail(), "rule", refused.rule().name())).build();
            }
        }
        String id = manifest.id() != null ? manifest.id() : contentId(caller.tenant(), manifest);
        Migration known = migrations.get(id).orElse(null);
        if (known != null && !caller.sees(known.tenant())) {
            return Response.status(409).entity(Map.of("id", id, "error", "the migration id " + id + " is already in use; submit it under another id")).build();
        }
        if (known != null) {
            if (known.cancelled()) {
                return Response.status(409).entity(Map.of("id", id, "error", "migration " + id + " was cancelled; submit it under a new id")).build();
            }
            return Response.ok(Map.of("id", id, "duplicate", true, "progress", "/migrations/" + id)).build();
        }
        Migration migration = new Migration(Migration.SCHEMA_VERSION, id, manifest, Instant.now(), null, null, caller.tenant());
        try {
            KafkaSender.send(out, id, migration);
        } catch (RuntimeException e) {
            LOG.warnf(e, "cannot write migration %s", id);
            return Response.status(503).header("Retry-After", "5").entity(Map.of("error", "the migration could not be stored; retry")).build();
        }
        migrations.apply(migration);
        return Response.accepted(Map.of("id", id, "duplicate", false, "progress", "/migrations/" + id)).build();
    }

    @GET
    @RolesAllowed(Scope.Roles.READ)
    public Response list() {
        if (!statusView.active()) {
            return withoutIngestRole();
        }
        Caller caller = Caller.of(identity);
        return Response.ok(migrations.list().stream().filter(m -> caller.sees(m.tenant())).map(m -> Map.of("id", m.id(), "name", m.manifest().name(),
                "submittedAt", m.submittedAt().toString(), "cancelled", m.cancelled())).toList()).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Scope.Roles.READ)
    public Response progress(@PathParam("id") String id) {
        if (!statusView.active()) {
            return withoutIngestRole();
        }
        if (!replayed()) {
            return stillLoading();
        }
        // The fan-out's counters are read before the jobs, so a DONE phase always comes with every job it submitted.
        Object fanOut = runner.progress(id).<Object>map(FanOutProgress.Counters::asMap).orElse(null);
        Migration migration = visible(id).orElse(null);
        if (migration == null) {
            return Response.status(404).entity(Map.of("error", "no migration " + id)).build();
        }
        if (fanOut == null) {
            fanOut = migration.fannedOut() ? migration.fanOut()
                    : Map.of("phase", "PENDING", "note", "waiting for a runner, or running in another ingest process");
        }
        List<JobStatus> jobs = statusView.matching(
                s -> s.source() != null && "migration".equals(s.source().type()) && id.equals(s.source().reference()));
        Map<String, Long> byState = new TreeMap<>();
        Map<String, Map<String, Long>> byRepository = new TreeMap<>();
        List<Map<String, String>> publications = new ArrayList<>();
        for (JobStatus job : jobs) {
            byState.merge(job.state().name(), 1L, Long::sum);
            byRepository.computeIfAbsent(job.repository(), r -> new TreeMap<>()).merge(job.state().name(), 1L, Long::sum);
            if (job.publication() != null && publications.size() < MAX_LISTED_PUBLICATIONS) {
                Map<String, String> link = new LinkedHashMap<>();
                link.put("jobId", job.jobId());
                link.put("repository", job.publication().repository());
                link.put("branch", job.publication().branch());
                if (job.publication().patchFile() != null) {
                    link.put("patchFile", job.publication().patchFile());
                }
                publications.add(link);
            }
        }
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("id", id);
        entity.put("name", migration.manifest().name());
        entity.put("submittedAt", migration.submittedAt().toString());
        entity.put("cancelledAt", migration.cancelledAt() == null ? null : migration.cancelledAt().toString());
        entity.put("fanOut", fanOut);
        entity.put("jobs", jobs.size());
        entity.put("finished", jobs.stream().filter(JobStatus::isTerminal).count());
        entity.put("byState", byState);
        entity.put("byRepository", byRepository);
        entity.put("publications", publications);
        entity.put("budget", budget(migration));
        return Response.ok(entity).build();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Scope.Roles.CANCEL)
    public Response cancel(@PathParam("id") String id) {
        if (!statusView.active()) {
            return withoutIngestRole();
        }
        if (!replayed()) {
            return stillLoading();
        }
        Migration migration = visible(id).orElse(null);
        if (migration == null) {
            return Response.status(404).entity(Map.of("error", "no migration " + id)).build();
        }
        if (migration.cancelled()) {
            return Response.ok(Map.of("id", id, "cancelled", true, "cancelledAt", migration.cancelledAt().toString())).build();
        }
        Migration cancelled = migration.withCancelledAt(Instant.now());
        try {
            KafkaSender.send(out, id, cancelled);
        } catch (RuntimeException e) {
            return Response.status(503).header("Retry-After", "5").entity(Map.of("error", "the cancellation could not be stored; retry")).build();
        }
        migrations.apply(cancelled);
        return Response.accepted(Map.of("id", id, "cancelled", true,
                "note", "jobs not yet submitted will not be; jobs already handed to the pipeline finish")).build();
    }

    /** The migration's budgets and what its jobs spent so far (tokens, and cost at the lanes' prices). */
    private Map<String, Object> budget(Migration migration) {
        MigrationSpend.Spent spent = budgets.spent(migration.id());
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("perJob", migration.manifest().budget());
        budget.put("total", migration.manifest().totalBudget());
        budget.put("spentTokens", spent.tokens());
        budget.put("spentCostUsd", spent.costUsd());
        budgets.exhausted(migration.id()).ifPresent(why -> budget.put("exhausted", why));
        return budget;
    }

    /** The migration, if the caller may see it: another tenant's is answered exactly like one that does not exist. */
    private Optional<Migration> visible(String id) {
        Caller caller = Caller.of(identity);
        return migrations.get(id).filter(m -> caller.sees(m.tenant()));
    }

    /** The same manifest from two tenants is two migrations. */
    private static String contentId(String tenant, MigrationManifest manifest) {
        return UUID.nameUUIDFromBytes(Json.canonical(Map.of("tenant", tenant, "manifest", manifest))).toString();
    }

    /** Answers about migrations are only as good as the view: right after a start, wait until it has replayed. */
    private boolean replayed() {
        return migrations.awaitReplayed(config.statusReplayWait()) && statusView.awaitReplayed(config.statusReplayWait());
    }

    private static Response stillLoading() {
        return Response.status(503).header("Retry-After", "5").entity(Map.of("error", "the migration view is still loading; retry")).build();
    }

    private static Response withoutIngestRole() {
        return Response.status(503).entity(Map.of("error", "this process does not have the ingest role")).build();
    }
}
