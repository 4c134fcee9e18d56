package dev.patchlane.ingest.dashboard;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The dashboard's pages, type-checked against their templates under {@code templates/dashboard/} at build time. */
@CheckedTemplate(basePath = "dashboard")
public final class Pages {

    private Pages() {
    }

    /**
     * The overview.
     *
     * @param chrome the frame
     * @param counts jobs now per state and lane
     * @param escalationRate escalated of routed fast, in words
     * @param throughput jobs ended per minute over the last five minutes, in words
     * @param costs estimated cost per lane
     * @param deadLetters the dead-letter topic's records, in words, or null when this caller is not an admin
     * @param deadJobs jobs that ended DEAD
     * @param recent the most recently updated jobs
     * @param initialJson the figures the page's script starts from, embedded
     */
    @TemplateData
    public record Overview(Chrome chrome, List<CountRow> counts, String escalationRate, String throughput, List<CostRow> costs,
            String deadLetters, long deadJobs, List<JobRow> recent, String initialJson) {
    }

    /**
     * One state's row of the counts table.
     *
     * @param state the state
     * @param fast jobs in it on the fast lane
     * @param deep on the deep lane
     * @param none not routed yet
     * @param total all of them
     */
    @TemplateData
    public record CountRow(String state, long fast, long deep, long none, long total) {
    }

    /**
     * Cost of one lane.
     *
     * @param lane the lane
     * @param cost US dollars, formatted
     */
    @TemplateData
    public record CostRow(String lane, String cost) {
    }

    /**
     * The migrations page.
     *
     * @param chrome the frame
     * @param migrations every migration the caller sees, newest first
     * @param canCancel whether the caller holds the cancel scope
     * @param initialJson job states per migration and repository the page's script starts from
     */
    @TemplateData
    public record Migrations(Chrome chrome, List<MigrationRow> migrations, boolean canCancel, String initialJson) {
    }

    /**
     * One migration.
     *
     * @param id its id
     * @param name its name (untrusted text)
     * @param submittedAt when (ISO-8601)
     * @param cancelled whether it was cancelled
     * @param jobs its jobs so far
     * @param finished of those, the ended ones
     * @param percent finished of jobs, 0-100
     * @param repositories progress per repository
     */
    @TemplateData
    public record MigrationRow(String id, String name, String submittedAt, boolean cancelled, long jobs, long finished, int percent,
            List<RepositoryRow> repositories) {
    }

    /**
     * One repository of a migration.
     *
     * @param repository the repository (untrusted text)
     * @param jobs its jobs
     * @param finished of those, the ended ones
     * @param percent finished of jobs, 0-100
     * @param states counts by state, e.g. {@code PUBLISHED 3, RUNNING 1}
     */
    @TemplateData
    public record RepositoryRow(String repository, long jobs, long finished, int percent, String states) {
    }

    /**
     * A job's page.
     *
     * @param chrome the frame
     * @param job the job now
     * @param tenant its tenant
     * @param source who submitted it, in words
     * @param instructions its instructions (untrusted), or null when no attempt is known
     * @param timeline its whole history
     * @param attempts each attempt with decoder, timings, cost, checks, agent steps and diff
     * @param verification the latest verification, shown when no attempt is known
     * @param publication where it went, or null
     * @param initialJson what the page's script starts from, embedded
     */
    @TemplateData
    public record Job(Chrome chrome, JobRow job, String tenant, String source, String instructions, List<TimelineEntry> timeline,
            List<Attempt> attempts, VerificationView verification, PublicationView publication, String initialJson) {
    }

    /**
     * The sign-in page.
     *
     * @param chrome the frame
     * @param error why the last sign-in was refused, or null
     */
    @TemplateData
    public record Login(Chrome chrome, String error) {
    }

    /**
     * The routing statistics page.
     *
     * @param chrome the frame
     * @param reading whether this process reads the statistics topic at all
     * @param replayed whether the view holds every record written before it started
     * @param skipped records of the topic that were not statistics
     * @param lastSkipReason why the last one was skipped (untrusted text), or null
     * @param repositoriesShown whether the levels that name repositories are shown (admins only)
     * @param levels one table per key level, finest first
     */
    @TemplateData
    public record Routing(Chrome chrome, boolean reading, boolean replayed, long skipped, String lastSkipReason, boolean repositoriesShown,
            List<RoutingLevel> levels) {
    }

    /**
     * One key level's table.
     *
     * @param id the table's element id
     * @param heading the level, in words
     * @param showsRepository whether its keys name a repository
     * @param showsSize whether its keys name a size bucket and signals
     * @param rows its keys, most outcomes first
     */
    @TemplateData
    public record RoutingLevel(String id, String heading, boolean showsRepository, boolean showsSize, List<RoutingRow> rows) {
    }

    /**
     * One key's figures (every text part of the key is untrusted).
     *
     * @param kind the job kind, or {@code any}
     * @param repository the repository, or empty
     * @param size the size bucket, or empty
     * @param signals the signals, or empty
     * @param outcomes outcomes counted, not decayed
     * @param fast the fast lane's decayed figures
     * @param recentFastRate the fast lane's success rate under the short half-life, against which a shift shows
     * @param deep the deep lane's
     * @param escalations decayed fast attempts that asked for the deep lane
     */
    @TemplateData
    public record RoutingRow(String kind, String repository, String size, String signals, long outcomes, LaneCells fast, String recentFastRate,
            LaneCells deep, String escalations) {
    }

    /**
     * One lane's figures at one key, formatted; a dash where the lane has no attempts.
     *
     * @param attempts decayed attempts
     * @param successes decayed verified successes
     * @param successRate successes of attempts, in per cent
     * @param meanCost US dollars per attempt
     * @param meanSeconds seconds per attempt
     */
    @TemplateData
    public record LaneCells(String attempts, String successes, String successRate, String meanCost, String meanSeconds) {
    }

    public static native TemplateInstance overview(Overview page);

    public static native TemplateInstance migrations(Migrations page);

    public static native TemplateInstance routing(Routing page);

    public static native TemplateInstance job(Job page);

    /** The parts of a job's page that change with an attempt or a publication, fetched again when its state changes. */
    public static native TemplateInstance jobDetails(Job page);

    public static native TemplateInstance login(Login page);
}
