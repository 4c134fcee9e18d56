package dev.patchlane.app.cli;

import dev.patchlane.contracts.AgentRun;
import dev.patchlane.contracts.AgentStep;
import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Publication;
import dev.patchlane.contracts.Transition;
import dev.patchlane.contracts.Verification;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

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
        if (job.budget() != null) {
            fields.row("budget", job.budget().describe());
        }
        Publication publication = job.publication();
        if (publication != null) {
            fields.row("rejected", publication.rejection());
            fields.row("branch", publication.branch());
            fields.row("commit", publication.commit());
            fields.row("patch file", publication.patchFile());
            fields.row("result file", publication.resultFile());
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
        Verification verification = job.verification();
        if (verification != null) {
            out.println();
            out.println("verification: " + verification.verdict() + " (sandbox " + verification.sandbox() + "): " + verification.summary());
            TablePrinter checks = new TablePrinter("CHECK", "COMMAND", "RESULT", "EXIT", "MS", "ON BASE", "REASON");
            for (CheckResult check : verification.checks()) {
                checks.row(check.name(), check.command(), check.status(), check.exitCode(), check.durationMs(), check.baseline(), check.reason());
            }
            checks.print(out);
        }
        AgentRun agent = job.agent();
        if (agent != null) {
            out.println();
            out.printf(Locale.ROOT, "deep agent: %s after %d of %d turns, %,d of %,d tokens, $%.4f of $%.2f, %.1f s of %d s%n", agent.ended(),
                    agent.turns(), agent.maxTurns(), agent.tokens(), agent.maxTokens(), agent.costUsd(), agent.maxCostUsd(), agent.wallMs() / 1000.0,
                    agent.maxWallMs() / 1000);
            TablePrinter steps = new TablePrinter("TURN", "TOOL", "ARGUMENTS", "OK", "BYTES", "MS", "NOTE");
            for (AgentStep step : agent.steps()) {
                steps.row(step.turn(), step.tool(), step.arguments(), step.ok(), step.resultBytes(), step.durationMs(), step.note());
            }
            steps.print(out);
        }
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
