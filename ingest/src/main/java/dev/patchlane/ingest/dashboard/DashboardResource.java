package dev.patchlane.ingest.dashboard;

import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Migration;
import dev.patchlane.ingest.auth.AuthConfig;
import dev.patchlane.ingest.auth.Caller;
import dev.patchlane.ingest.auth.Scope;
import dev.patchlane.ingest.routing.VisibleRoutingStats;
import dev.patchlane.pipeline.migration.MigrationView;
import dev.patchlane.pipeline.status.JobStatusView;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The dashboard's pages, rendered on the server from the status and migration views (ingest role); each page then
 * follows the job event stream with one {@code EventSource}. A browser signs in at {@code /dashboard/login}, which turns
 * a token into a session cookie ({@link LoginResource}); a caller sees only its tenant's jobs (an admin: every one).
 */
@Path("/dashboard")
@Produces(MediaType.TEXT_HTML)
public class DashboardResource {

    private static final int RECENT = 50;
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Inject
    JobStatusView statusView;

    @Inject
    MigrationView migrations;

    @Inject
    DashboardFigures figures;

    @Inject
    AttemptLog attempts;

    @Inject
    DeadLetterCount deadLetters;

    @Inject
    VisibleRoutingStats routingStats;

    @Inject
    AuthConfig auth;

    @Inject
    SecurityIdentity identity;

    @GET
    public Response overview() {
        return page("Overview", "overview", caller -> {
            DashboardFigures.Figures now = figures.figures(caller::sees);
            List<Pages.CountRow> counts = new ArrayList<>();
            now.byStateAndLane().forEach((state, lanes) -> counts.add(new Pages.CountRow(state.name(), lanes.get("fast"), lanes.get("deep"),
                    lanes.get("none"), lanes.values().stream().mapToLong(Long::longValue).sum())));
            List<Pages.CostRow> costs = attempts.costByLane(caller::sees).entrySet().stream()
                    .map(e -> new Pages.CostRow(DashboardFigures.lane(e.getKey()), String.format(Locale.ROOT, "$%.4f", e.getValue()))).toList();
            List<JobRow> recent = recent(caller);
            String deadLetterText = caller.isAdmin()
                    ? deadLetters.count().stream().mapToObj(Long::toString).findFirst().orElse("unknown (the broker did not answer)")
                    : null;
            Map<String, Object> initial = new LinkedHashMap<>();
            initial.put("series", Series.definitions());
            initial.put("samples", now.samples());
            initial.put("counts", now.byStateAndLane());
            initial.put("routedFast", now.routedFast());
            initial.put("escalated", now.escalated());
            initial.put("known", recent.stream().collect(Collectors.toMap(JobRow::jobId, JobRow::state, (a, b) -> a, LinkedHashMap::new)));
            initial.put("renderedAt", Instant.now());
            return Pages.overview(new Pages.Overview(chrome("Overview", "overview", caller), counts,
                    rate(now.escalated(), now.routedFast()), throughput(now.samples()), costs, deadLetterText,
                    now.byStateAndLane().get(JobState.DEAD).values().stream().mapToLong(Long::longValue).sum(), recent,
                    PageJson.embed(initial)));
        });
    }

    @GET
    @Path("migrations")
    public Response migrationsPage() {
        return page("Migrations", "migrations", caller -> {
            List<Migration> visible = migrations.list().stream().filter(m -> caller.sees(m.tenant()))
                    .sorted(Comparator.comparing(Migration::submittedAt).reversed()).toList();
            Map<String, List<JobStatus>> jobsByMigration = statusView.matching(s -> s.source() != null
                    && "migration".equals(s.source().type()) && caller.sees(s.tenant())).stream()
                    .collect(Collectors.groupingBy(s -> String.valueOf(s.source().reference())));
            List<Pages.MigrationRow> rows = new ArrayList<>();
            Map<String, Map<String, String>> states = new LinkedHashMap<>();
            for (Migration migration : visible) {
                List<JobStatus> jobs = jobsByMigration.getOrDefault(migration.id(), List.of());
                Map<String, List<JobStatus>> byRepository = new TreeMap<>(jobs.stream().collect(Collectors.groupingBy(JobStatus::repository)));
                List<Pages.RepositoryRow> repositories = new ArrayList<>();
                byRepository.forEach((repository, its) -> {
                    long finished = its.stream().filter(JobStatus::isTerminal).count();
                    Map<String, Long> byState = new TreeMap<>(its.stream().collect(Collectors.groupingBy(s -> s.state().name(), Collectors.counting())));
                    repositories.add(new Pages.RepositoryRow(repository, its.size(), finished, percent(finished, its.size()),
                            byState.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
                });
                long finished = jobs.stream().filter(JobStatus::isTerminal).count();
                rows.add(new Pages.MigrationRow(migration.id(), migration.manifest().name(), migration.submittedAt().toString(),
                        migration.cancelled(), jobs.size(), finished, percent(finished, jobs.size()), repositories));
                Map<String, String> jobStates = new LinkedHashMap<>();
                jobs.forEach(j -> jobStates.put(j.jobId(), j.state().name() + "\u0000" + j.repository()));
                states.put(migration.id(), jobStates);
            }
            return Pages.migrations(new Pages.Migrations(chrome("Migrations", "migrations", caller), rows, caller.has(Scope.CANCEL),
                    PageJson.embed(Map.of("jobs", states, "terminal", Series.definitions().get("terminal")))));
        });
    }

    @GET
    @Path("routing")
    public Response routing() {
        return page("Routing statistics", "routing", caller -> Pages.routing(RoutingTables.page(chrome("Routing statistics", "routing", caller),
                routingStats.forCaller(caller))));
    }

    @GET
    @Path("jobs/{id}")
    public Response job(@PathParam("id") String id) {
        return page("Job " + id, "job", caller -> jobPage(id, caller).map(Pages::job).orElse(null));
    }

    /** The attempts and publication of a job's page alone, which its script fetches again when the job moves on. */
    @GET
    @Path("jobs/{id}/details")
    public Response jobDetails(@PathParam("id") String id) {
        return page("Job " + id, "job", caller -> jobPage(id, caller).map(Pages::jobDetails).orElse(null));
    }

    private Optional<Pages.Job> jobPage(String id, Caller caller) {
        if (id == null || id.length() > 200) {
            return Optional.empty();
        }
        return statusView.get(id).filter(status -> caller.sees(status.tenant())).map(status -> {
            List<Attempt> known = attempts.attempts(id);
            String source = status.source() == null ? "" : status.source().type() + " " + status.source().name()
                    + (status.source().reference() == null ? "" : " (" + status.source().reference() + ")");
            Map<String, Object> initial = new LinkedHashMap<>();
            initial.put("jobId", id);
            initial.put("history", status.history().size());
            initial.put("state", status.state().name());
            initial.put("terminal", Series.definitions().get("terminal"));
            return new Pages.Job(chrome("Job " + id, "job", caller), JobRow.of(status), status.tenant() == null ? "" : status.tenant(), source,
                    known.isEmpty() ? null : known.get(known.size() - 1).instructions(),
                    status.history().stream().map(TimelineEntry::of).toList(), known, VerificationView.of(status.verification()),
                    PublicationView.of(status.publication()), PageJson.embed(initial));
        });
    }

    private List<JobRow> recent(Caller caller) {
        List<JobStatus> statuses = caller.isAdmin() ? statusView.list(null, RECENT)
                : statusView.matching(s -> caller.sees(s.tenant())).stream().sorted(Comparator.comparing(JobStatus::updatedAt).reversed())
                        .limit(RECENT).toList();
        return statuses.stream().map(JobRow::of).toList();
    }

    private interface Render {
        TemplateInstance render(Caller caller);
    }

    /** Signs the browser in first, refuses a caller without the read scope, answers 404 for what it may not see. */
    private Response page(String title, String nav, Render render) {
        Caller caller;
        try {
            if (identity.isAnonymous()) {
                return Response.seeOther(URI.create("/dashboard/login")).build();
            }
            caller = Caller.of(identity);
        } catch (AuthenticationFailedException e) {
            return Response.seeOther(URI.create("/dashboard/login?expired=1")).build();
        }
        if (!caller.has(Scope.READ)) {
            return Response.status(403).type(MediaType.TEXT_PLAIN).entity("this token has no read scope").build();
        }
        if (!statusView.active()) {
            return Response.status(503).type(MediaType.TEXT_PLAIN).entity("this process does not have the ingest role").build();
        }
        TemplateInstance page = render.render(caller);
        if (page == null) {
            return Response.status(404).type(MediaType.TEXT_PLAIN).entity("no such job").build();
        }
        return Response.ok(page).header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin").header("Cache-Control", "no-store").build();
    }

    private Chrome chrome(String title, String nav, Caller caller) {
        return new Chrome(title, nav, caller.tenant(), auth.enabled());
    }

    static int percent(long part, long whole) {
        return whole == 0 ? 0 : (int) Math.min(100, part * 100 / whole);
    }

    static String rate(long escalated, long routedFast) {
        return routedFast == 0 ? "no fast attempts yet"
                : String.format(Locale.ROOT, "%.1f%% (%d of %d jobs routed fast)", escalated * 100.0 / routedFast, escalated, routedFast);
    }

    static String throughput(List<DashboardFigures.Sample> samples) {
        if (samples.size() < 2) {
            return "measured after the first samples (every " + DashboardFigures.SAMPLE_SECONDS + " s)";
        }
        DashboardFigures.Sample last = samples.get(samples.size() - 1);
        Instant from = last.at().minus(Duration.ofMinutes(5));
        DashboardFigures.Sample first = samples.stream().filter(s -> !s.at().isBefore(from)).findFirst().orElse(samples.get(0));
        double minutes = Math.max(1e-9, Duration.between(first.at(), last.at()).toMillis() / 60_000.0);
        long ended = last.values().getOrDefault("ended", 0L) - first.values().getOrDefault("ended", 0L);
        return String.format(Locale.ROOT, "%.1f jobs ended per minute", Math.max(0, ended) / minutes);
    }
}
