package dev.patchlane.app.cli;

import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.Transition;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One job as text: its fields, then its history as a table. */
final class JobReport {

    private JobReport() {
    }

    static void print(JobStatus job, PrintWriter out) {
        TablePrinter fields = new TablePrinter();
        fields.row("job", job.jobId());
        fields.row("kind", job.kind());
        fields.row("repository", job.repository());
        if (job.source() != null) {
            fields.row("source", job.source().type() + "/" + job.source().name()
                    + (job.source().reference() == null ? "" : " (" + job.source().reference() + ")"));
        }
        fields.row("state", job.state());
        fields.row("reason", job.reason());
        fields.row("lane", job.lane());
        fields.row("updated", time(job.updatedAt()));
        if (job.usage() != null) {
            fields.row("usage", job.usage().promptTokens() + " prompt + " + job.usage().completionTokens() + " completion tokens");
        }
        Publication publication = job.publication();
        if (publication != null) {
            fields.row("rejected", publication.rejection());
            fields.row("branch", publication.branch());
            fields.row("commit", publication.commit());
            fields.row("patch file", publication.patchFile());
            for (dev.patchlane.contracts.PublicationTarget target : publication.targets()) {
                fields.row(target.publisher(), target.effect() + " " + target.location() + (target.detail() == null ? "" : " (" + target.detail() + ")"));
            }
        } else {
            fields.row("publication", "none");
        }
        fields.print(out);
        out.println();
        out.println("history:");
        TablePrinter history = new TablePrinter("AT", "STATE", "STAGE", "LANE", "REASON");
        for (Transition step : job.history()) {
            history.row(time(step.at()), step.state(), step.stage(), step.lane(), step.reason());
        }
        history.print(out);
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
