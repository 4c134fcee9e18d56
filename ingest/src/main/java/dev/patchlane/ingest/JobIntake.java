package dev.patchlane.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Digests;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobIds;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.SchemaValidator;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.pipeline.access.AccessDecision;
import dev.patchlane.pipeline.access.AccessSources;
import dev.patchlane.pipeline.access.RepositoryAccessPolicy;
import dev.patchlane.ingest.budget.BudgetBounds;
import dev.patchlane.pipeline.budget.BudgetConfig;
import dev.patchlane.pipeline.kafka.KafkaSender;
import dev.patchlane.pipeline.tenancy.QuotaVerdict;
import dev.patchlane.pipeline.tenancy.TenantQuotas;
import jakarta.annotation.PostConstruct;
import dev.patchlane.pipeline.status.JobStatusView;
import dev.patchlane.pipeline.status.JobStatuses;
import dev.patchlane.pipeline.status.StaleTransitionException;
import dev.patchlane.pipeline.status.StatusRecorder;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/** Validates a submitted job, gives it its deterministic id, and writes it once. */
@ApplicationScoped
public class JobIntake {

    private static final Logger LOG = Logger.getLogger(JobIntake.class);
    private static final JobSource ANONYMOUS = new JobSource("api", "anonymous", null);
    /** Source types whose allow-list rules only patchlane's own webhook and migration intake may claim. */
    private static final Set<String> RESERVED_SOURCES = Set.of("github", "migration");
    /** Key namespaces of the jobs patchlane derives itself (webhooks, migrations), which an API caller could pre-empt. */
    private static final List<String> RESERVED_KEY_PREFIXES = List.of("github:", "migration:");

    @Inject
    IngestConfig config;

    @Inject
    JobStatusView statusView;

    @Inject
    StatusRecorder statusRecorder;

    @Inject
    @Channel("submitted-out")
    MutinyEmitter<byte[]> submitted;

    @Inject
    RepositoryAccessPolicy access;

    @Inject
    TenantQuotas quotas;

    @Inject
    BudgetConfig budgets;

    /** Jobs this process wrote that are still SUBMITTED: it never writes them again; bounded by the jobs not yet routed. */
    private final Set<String> acceptedHere = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void forgetRoutedJobs() {
        statusView.onChange((previous, current) -> {
            if (current == null || current.state() != JobState.SUBMITTED) {
                acceptedHere.remove(previous != null ? previous.jobId() : current.jobId());
            }
        });
    }

    /** A {@code POST /jobs} body from a caller authenticated as {@code tenant}. */
    public IntakeResult submit(byte[] body, String tenant) {
        if (body.length > config.maxBodyBytes()) {
            return new IntakeResult.Refused(413, "body of " + body.length + " bytes exceeds the limit of " + config.maxBodyBytes(), List.of());
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return new IntakeResult.Refused(400, "malformed JSON: " + e.getOriginalMessage(), List.of());
        } catch (IOException e) {
            return new IntakeResult.Refused(400, "unreadable body: " + e.getMessage(), List.of());
        }
        if (tree == null || !tree.isObject()) {
            return new IntakeResult.Refused(400, "the body must be a JSON object", List.of());
        }
        List<String> violations = SchemaValidator.instance().violations(ContractSchema.JOB_REQUEST, tree);
        if (!violations.isEmpty()) {
            return new IntakeResult.Refused(400, "invalid job", violations);
        }
        JobRequest request;
        try {
            request = Json.mapper().treeToValue(tree, JobRequest.class);
        } catch (JsonProcessingException e) {
            return new IntakeResult.Refused(400, "invalid job: " + e.getOriginalMessage(), List.of());
        }
        if (request.source() != null && RESERVED_SOURCES.contains(request.source().type())) {
            return new IntakeResult.Refused(400, "source type '" + request.source().type() + "' is reserved for jobs patchlane builds itself",
                    List.of("source.type: one of " + RESERVED_SOURCES + " cannot be submitted over the API"));
        }
        if (request.idempotencyKey() != null && RESERVED_KEY_PREFIXES.stream().anyMatch(request.idempotencyKey()::startsWith)) {
            return new IntakeResult.Refused(400, "idempotency keys starting with " + RESERVED_KEY_PREFIXES + " are patchlane's own",
                    List.of("idempotencyKey: choose a key without a reserved prefix"));
        }
        return submit(request, tree, tenant, AccessSources.API);
    }

    /** Submits a job built in this process (from a webhook or a migration), validated like a {@code POST /jobs} body. */
    public IntakeResult submit(JobRequest request, String tenant) {
        JsonNode tree = Json.tree(request);
        List<String> violations = SchemaValidator.instance().violations(ContractSchema.JOB_REQUEST, tree);
        if (!violations.isEmpty()) {
            return new IntakeResult.Refused(400, "invalid job", violations);
        }
        return submit(request, tree, tenant, AccessSources.of(request.source() == null ? null : request.source().type()));
    }

    /** Whether a job with this key exists past {@code SUBMITTED}: then there is nothing left to submit or record. */
    public boolean isUnderway(String idempotencyKey) {
        return statusView.get(JobIds.fromIdempotencyKey(idempotencyKey)).filter(s -> s.state() != JobState.SUBMITTED).isPresent();
    }

    /**
     * Submits a job built in this process for a consumer: a refused job ends FAILED with the reason, so it is never
     * silently lost; a broker that cannot take it throws, so the consumer's retry takes over.
     *
     * @return whether the job was written (false when refused)
     */
    public boolean submitOrRecordRefusal(JobRequest request, String tenant) {
        return settle(request, tenant, submit(request, tenant));
    }

    /**
     * What a consumer does with a submission's result: a refused job (allow-list, quota, invalid) ends FAILED with the
     * reason; a broker that cannot take it throws, so the consumer's retry takes over.
     *
     * @return whether the job was written (false when refused)
     */
    public boolean settle(JobRequest request, String tenant, IntakeResult result) {
        if (result instanceof IntakeResult.Unavailable unavailable) {
            throw new IllegalStateException(unavailable.error());
        }
        if (result instanceof IntakeResult.Refused refused) {
            recordFailure(request, tenant, JobState.FAILED, refused.error() + " " + refused.violations());
            return false;
        }
        if (result instanceof IntakeResult.Forbidden forbidden) {
            recordFailure(request, tenant, JobState.FAILED, "repository refused by the allow-list: " + forbidden.detail());
            return false;
        }
        if (result instanceof IntakeResult.Throttled throttled) {
            recordFailure(request, tenant, JobState.FAILED, "tenant quota reached (" + throttled.limit() + "): " + throttled.detail());
            return false;
        }
        return true;
    }

    /**
     * Ends a job that could not be submitted with the reason, so its status says why instead of nothing; a job that
     * got further (a redelivery failing where the first delivery succeeded) keeps its status.
     */
    public void recordFailure(JobRequest request, String tenant, JobState state, String reason) {
        String id = JobIds.fromIdempotencyKey(request.idempotencyKey());
        if (statusView.get(id).filter(s -> s.state() != JobState.SUBMITTED).isPresent()) {
            return;
        }
        Job job = new Job(Job.SCHEMA_VERSION, id, request.kind(), request.repository(),
                request.baseRef() == null ? "HEAD" : request.baseRef(), request.targetPaths(), request.instructions(), null,
                request.laneHint(), request.source() == null ? ANONYMOUS : request.source(), request.idempotencyKey(), Instant.now(), tenant,
                request.budget());
        try {
            List<Transition> submittedOnly = statusView.get(id).isPresent()
                    ? statusView.get(id).get().history()
                    : statusRecorder.recordSubmitted(job, "accepted from " + job.source().type());
            statusRecorder.advance(job, submittedOnly, state, "ingest", null, reason, Usage.NONE);
        } catch (StaleTransitionException e) {
            LOG.infof("not recording why job %s failed: %s", id, e.getMessage());
        }
    }

    /** @param accessSource the source whose allow-list rules apply: {@code api} for every API caller, whatever it calls itself */
    private IntakeResult submit(JobRequest request, JsonNode tree, String tenant, String accessSource) {
        Prepared prepared = prepare(request, tree, tenant, accessSource, 0);
        if (prepared instanceof Prepared.Decided decided) {
            return decided.result();
        }
        return write(List.of((Prepared.ToWrite) prepared)).get(0);
    }

    /**
     * Submits jobs built in this process (a migration's fan-out) together, each validated and judged as {@link #submit(JobRequest, String)}
     * judges one: the new jobs' SUBMITTED statuses are sent at once and all acknowledged, then their job records at once,
     * so a job record is still written only after its status is durable, at one broker round trip per step instead of
     * two per job. Quotas count the jobs admitted earlier in the same call.
     *
     * @return one result per request, in order
     */
    public List<IntakeResult> submitAll(List<JobRequest> requests, String tenant) {
        IntakeResult[] results = new IntakeResult[requests.size()];
        List<Prepared.ToWrite> toWrite = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            JobRequest request = requests.get(i);
            JsonNode tree = Json.tree(request);
            List<String> violations = SchemaValidator.instance().violations(ContractSchema.JOB_REQUEST, tree);
            if (!violations.isEmpty()) {
                results[i] = new IntakeResult.Refused(400, "invalid job", violations);
                continue;
            }
            int pending = (int) toWrite.stream().filter(w -> !w.known()).count();
            Prepared prepared = prepare(request, tree, tenant, AccessSources.of(request.source() == null ? null : request.source().type()), pending);
            if (prepared instanceof Prepared.Decided decided) {
                results[i] = decided.result();
            } else {
                toWrite.add((Prepared.ToWrite) prepared);
                at.add(i);
            }
        }
        List<IntakeResult> written = write(toWrite);
        for (int w = 0; w < written.size(); w++) {
            results[at.get(w)] = written.get(w);
        }
        return List.of(results);
    }

    /** What judging a request left: an answer already, or a job to write. */
    private sealed interface Prepared {
        record Decided(IntakeResult result) implements Prepared {
        }

        /** @param known whether the view already holds the job as SUBMITTED (its status is not written again) */
        record ToWrite(Job job, boolean known) implements Prepared {
        }
    }

    /** @param pending new jobs of the same caller admitted but not yet written, counted against the tenant's quota */
    private Prepared prepare(JobRequest request, JsonNode tree, String tenant, String accessSource, int pending) {
        List<String> overBounds = BudgetBounds.violations("budget", request.budget(), budgets);
        if (!overBounds.isEmpty()) {
            return new Prepared.Decided(new IntakeResult.Refused(400, "invalid budget", overBounds));
        }
        if (!statusView.active()) {
            return new Prepared.Decided(new IntakeResult.Unavailable("this process does not have the ingest role"));
        }
        if (access.check(request.repository(), tenant, accessSource) instanceof AccessDecision.Refused refused) {
            LOG.infof("refused a job for tenant %s: %s", tenant, refused.rule());
            return new Prepared.Decided(new IntakeResult.Forbidden(refused.rule().name(), refused.detail()));
        }
        // De-duplication is only as good as the view: wait until it holds every job written before this start.
        if (!statusView.awaitReplayed(config.statusReplayWait())) {
            return new Prepared.Decided(new IntakeResult.Unavailable("the status view is still loading; retry with the same idempotency key"));
        }
        // Without a key, two tenants sending the same body are two jobs: the tenant is part of the content.
        String key = request.idempotencyKey() != null ? request.idempotencyKey() : "sha256:" + contentHash(tree, tenant);
        String id = JobIds.fromIdempotencyKey(key);
        Optional<JobStatus> known = statusView.get(id);
        if (known.isPresent() && !Objects.equals(known.get().tenant(), tenant)) {
            // Checked before anything is written: another tenant's job is never rewritten, and its state is not told.
            return new Prepared.Decided(new IntakeResult.Refused(409, "this idempotency key is already in use; choose another", List.of()));
        }
        if (known.isPresent() && known.get().state() != JobState.SUBMITTED) {
            return new Prepared.Decided(new IntakeResult.Duplicate(id, known.get().state().name()));
        }
        if (known.isEmpty()) {
            QuotaVerdict quota = quotas.admit(tenant, pending);
            if (!quota.admitted()) {
                return new Prepared.Decided(new IntakeResult.Throttled(quota.limit(), quota.detail(), quota.retryAfter()));
            }
        }
        if (!acceptedHere.add(id)) {
            return new Prepared.Decided(new IntakeResult.Duplicate(id, JobState.SUBMITTED.name()));
        }
        Job job = new Job(Job.SCHEMA_VERSION, id, request.kind(), request.repository(),
                request.baseRef() == null ? "HEAD" : request.baseRef(), request.targetPaths(), request.instructions(),
                request.outputSchema(), request.laneHint(), request.source() == null ? ANONYMOUS : request.source(), key,
                known.map(s -> s.history().get(0).at()).orElse(Instant.now()), tenant, request.budget());
        return new Prepared.ToWrite(job, known.isPresent());
    }

    /** Writes the new jobs' statuses (all acknowledged first), then every job record; one result per job, in order. */
    private List<IntakeResult> write(List<Prepared.ToWrite> jobs) {
        List<IntakeResult> results = new ArrayList<>(jobs.size());
        if (jobs.isEmpty()) {
            return results;
        }
        try {
            List<Job> fresh = jobs.stream().filter(w -> !w.known()).map(Prepared.ToWrite::job).toList();
            Map<String, List<Transition>> recorded = fresh.isEmpty() ? Map.of()
                    : statusRecorder.recordSubmittedAll(fresh, job -> "accepted from " + job.source().type());
            List<KafkaSender.Keyed> records = new ArrayList<>(jobs.size());
            for (Prepared.ToWrite w : jobs) {
                String id = w.job().id();
                if (!w.known() && !recorded.containsKey(id)) {
                    // Another writer recorded it between the judgement and the write.
                    acceptedHere.remove(id);
                    JobState current = statusView.get(id).map(JobStatus::state).orElse(JobState.SUBMITTED);
                    results.add(new IntakeResult.Duplicate(id, current.name()));
                    continue;
                }
                records.add(new KafkaSender.Keyed(id, w.job()));
                // A job the view still shows as SUBMITTED, but this process has not written, is written again: the process
                // that accepted it may have crashed before its job record was durable.
                results.add(w.known() ? new IntakeResult.Duplicate(id, JobState.SUBMITTED.name()) : new IntakeResult.Accepted(id));
            }
            KafkaSender.sendAll(submitted, records);
            return results;
        } catch (RuntimeException e) {
            jobs.forEach(w -> acceptedHere.remove(w.job().id()));
            LOG.warnf(e, "cannot write %d job(s), the first %s", jobs.size(), jobs.get(0).job().id());
            IntakeResult unavailable = new IntakeResult.Unavailable("the job could not be written to Kafka; retry with the same idempotency key");
            return jobs.stream().map(w -> unavailable).toList();
        }
    }

    private static String contentHash(JsonNode tree, String tenant) {
        return Digests.sha256Hex(List.of(tenant == null ? "" : tenant, new String(Json.canonical(tree), java.nio.charset.StandardCharsets.UTF_8)));
    }

}
