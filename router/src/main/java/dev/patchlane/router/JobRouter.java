package dev.patchlane.router;

import dev.patchlane.codebase.CodebaseException;
import dev.patchlane.codebase.RepositoryCache;
import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.Escalation;
import dev.patchlane.contracts.Job;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RouteFeatures;
import dev.patchlane.contracts.RoutedJob;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Usage;
import dev.patchlane.pipeline.access.AccessDecision;
import dev.patchlane.pipeline.access.AccessSources;
import dev.patchlane.pipeline.access.RepositoryAccessPolicy;
import dev.patchlane.pipeline.kafka.KafkaSender;
import dev.patchlane.pipeline.kafka.RecordHandler;
import dev.patchlane.pipeline.migration.MigrationView;
import dev.patchlane.pipeline.budget.BudgetConfig;
import dev.patchlane.pipeline.budget.LanePrices;
import dev.patchlane.pipeline.budget.MigrationBudgets;
import dev.patchlane.pipeline.status.JobLocks;
import dev.patchlane.pipeline.stats.RoutingStatsConfig;
import dev.patchlane.pipeline.stats.RoutingStatsView;
import dev.patchlane.pipeline.status.StatusRecorder;
import dev.patchlane.router.learning.LearnedPolicy;
import dev.patchlane.router.learning.LearningConfig;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Sends each submitted job to a lane, and escalates fast-lane failures to the deep lane once. */
@ApplicationScoped
public class JobRouter {

    private static final String STAGE = "router";
    private static final int FAILED_OUTPUT_CHARS = 4000;

    @Inject
    RouterConfig config;

    @Inject
    RepositoryCache repositories;

    @Inject
    StatusRecorder status;

    @Inject
    RepositoryAccessPolicy access;

    @Inject
    MigrationView migrations;

    @Inject
    MigrationBudgets migrationBudgets;

    @Inject
    BudgetConfig budgets;

    @Inject
    LanePrices prices;

    @Inject
    LearningConfig learning;

    @Inject
    RoutingStatsConfig statsConfig;

    @Inject
    RoutingStatsView stats;

    @Inject
    @Channel("routed-fast")
    MutinyEmitter<byte[]> fastLane;

    @Inject
    @Channel("routed-deep")
    MutinyEmitter<byte[]> deepLane;

    private final JobLocks jobLocks = new JobLocks();
    private RoutingPolicy policy;
    private LearnedPolicy learned;
    private final RecordHandler<Job> submissions = new RecordHandler<>(STAGE, ContractSchema.JOB, Job.class);
    private final RecordHandler<Outcome> outcomes = new RecordHandler<>(STAGE, ContractSchema.OUTCOME, Outcome.class);

    @PostConstruct
    void init() {
        policy = new RoutingPolicy(config);
        learned = new LearnedPolicy(learning, config.fastContextTokens());
    }

    @Incoming("submitted")
    @Blocking(ordered = false)
    public void route(byte[] record) {
        submissions.handle(record, job -> jobLocks.run(job.id(), () -> route(job)),
                (job, e) -> status.advance(job, submittedHistory(job), JobState.DEAD, STAGE, null, "routing failed: " + e, Usage.NONE));
    }

    @Incoming("outcomes-router")
    @Blocking(ordered = false)
    public void escalate(byte[] record) {
        outcomes.handle(record, outcome -> jobLocks.run(outcome.job().id(), () -> escalate(outcome)), (outcome, e) -> status.advance(outcome.job(), outcome.history(), JobState.DEAD, STAGE,
                outcome.lane(), "escalation failed: " + e, outcome.totalUsage()));
    }

    private static List<Transition> submittedHistory(Job job) {
        return List.of(new Transition(JobState.SUBMITTED, "ingest", job.submittedAt(), null, "accepted from " + job.source().type()));
    }

    private void route(Job job) {
        List<Transition> history = submittedHistory(job);
        // A second record of one key (two ingest replicas, a resubmission) finds the job routed and is dropped here.
        status.requirePermitted(job.id(), history, JobState.ROUTED);
        // A bot may write to the submitted topic directly, past ingest's allow-list: judged again before any clone.
        if (access.check(job.repository(), job.tenant(), AccessSources.of(job.source().type())) instanceof AccessDecision.Refused refused) {
            status.advance(job, history, JobState.DEAD, STAGE, null, refused.reason(), Usage.NONE);
            return;
        }
        Optional<String> cancelled = migrations.cancellationOf(job);
        if (cancelled.isPresent()) {
            status.advance(job, history, JobState.CANCELLED, STAGE, null, cancelled.get(), Usage.NONE);
            return;
        }
        Optional<String> spent = migrationBudgets.stopOf(job);
        if (spent.isPresent()) {
            status.advance(job, history, JobState.CANCELLED, STAGE, null, spent.get(), Usage.NONE);
            return;
        }
        long contextTokens;
        try {
            contextTokens = ContextMeasure.tokens(job, repositories.snapshot(job.repository(), job.baseRef()));
        } catch (CodebaseException e) {
            fail(job, history, Usage.NONE, "cannot read the repository: " + e.getMessage());
            return;
        }
        RouteFeatures features = policy.features(job, contextTokens);
        Optional<RouteDecision> decision = policy.decide(features);
        if (decision.isEmpty()) {
            fail(job, history, Usage.NONE, policy.refusal(features));
            return;
        }
        send(new RoutedJob(RoutedJob.SCHEMA_VERSION, job, learn(job, decision.get()), 1, null, Usage.NONE, history, Instant.now()));
    }

    private RouteDecision learn(Job job, RouteDecision rules) {
        if (!learning.enabled()) {
            return rules;
        }
        if (!stats.reading() || !stats.awaitReplayed(statsConfig.replayTimeout())) {
            List<String> reasons = new ArrayList<>(rules.reasons());
            reasons.add("rules decide: the routing statistics are not replayed yet");
            return new RouteDecision(rules.lane(), reasons, rules.features());
        }
        return learned.decide(rules, job.repository(), job.id(), stats::summary);
    }

    private void escalate(Outcome outcome) {
        if (!outcome.escalate()) {
            return;
        }
        // A redelivered escalation finds the job already routed deep and starts no second deep attempt.
        status.requirePermitted(outcome.job().id(), outcome.history(), JobState.ROUTED);
        if (outcome.lane() != Lane.FAST || outcome.routed().attempt() > 1) {
            fail(outcome.job(), outcome.history(), outcome.totalUsage(), "escalation refused: the job was already escalated once; last failure: "
                    + outcome.summary());
            return;
        }
        double costSoFar = outcome.routed().costSoFar() + outcome.costUsd();
        Optional<String> unaffordable = DeepAllowance.refusal(outcome.job().budgetOrNone(), outcome.totalUsage(), costSoFar,
                outcome.routed().decision().features().contextTokens() + budgets.deepReserveTokens(),
                tokens -> prices.cost(Lane.DEEP, new Usage(tokens, 0)));
        if (unaffordable.isPresent()) {
            fail(outcome.job(), outcome.history(), outcome.totalUsage(), unaffordable.get() + "; not escalated after the fast lane failed: "
                    + outcome.summary());
            return;
        }
        // The decision gives the first line; the deep prompt gets the whole failure, a failing check's output included.
        RouteDecision deep = new RouteDecision(Lane.DEEP, List.of("escalated after the fast lane failed: " + outcome.summary().lines().findFirst().orElse("")),
                outcome.routed().decision().features());
        Escalation escalation = new Escalation(Lane.FAST, outcome.summary(), truncate(outcome.patch()));
        send(new RoutedJob(RoutedJob.SCHEMA_VERSION, outcome.job(), deep, outcome.routed().attempt() + 1, escalation,
                outcome.totalUsage(), outcome.history(), Instant.now(), costSoFar));
    }

    private void send(RoutedJob draft) {
        RouteDecision decision = draft.decision();
        List<Transition> history = status.advance(draft.job(), draft.history(), JobState.ROUTED, STAGE, decision.lane(),
                String.join("; ", decision.reasons()), draft.usageSoFar());
        RoutedJob routed = new RoutedJob(draft.schemaVersion(), draft.job(), decision, draft.attempt(), draft.escalation(),
                draft.usageSoFar(), history, draft.routedAt(), draft.costSoFarUsd());
        KafkaSender.send(decision.lane() == Lane.FAST ? fastLane : deepLane, routed.job().id(), routed);
    }

    private void fail(Job job, List<Transition> history, Usage usage, String reason) {
        status.advance(job, history, JobState.FAILED, STAGE, null, reason, usage);
    }

    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= FAILED_OUTPUT_CHARS ? text : text.substring(0, FAILED_OUTPUT_CHARS);
    }
}
