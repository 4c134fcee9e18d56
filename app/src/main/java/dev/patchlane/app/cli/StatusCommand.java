package dev.patchlane.app.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.patchlane.app.cli.client.Reply;
import dev.patchlane.app.cli.client.ServiceClient;
import dev.patchlane.contracts.JobStatus;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the jobs of a running service, most recently updated first, or one job with its history.",
            "With --follow, print each transition of the job as it happens until it ends (or, without a job id, each status change",
            "of the jobs --source, --migration and --state select, until Ctrl-C), reconnecting where it left off when the connection drops.",
            "Exit codes: 0 shown, 1 no such job, 2 refused (e.g. an unknown --state, or no valid token: --token / PATCHLANE_TOKEN), 3 no service or service unavailable."})
class StatusCommand extends ClientCommand {

    private static final int REASON_WIDTH = 60;

    @Parameters(arity = "0..1", paramLabel = "<job-id>", description = "Show this job: state, reason, lane, usage, publication and history.")
    String id;

    @Option(names = "--state", paramLabel = "<state>", description = "List only jobs in this state, e.g. RUNNING, PUBLISHED, FAILED.")
    String state;

    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "50", description = "List at most this many jobs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the service's JSON answer instead of a table; with --follow, one job status per line.")
    boolean json;

    @Option(names = "--follow", description = "Print each transition as it happens (server-sent events), until the job ends.")
    boolean follow;

    @Option(names = "--source", paramLabel = "<type>[:<name>]", description = "With --follow and no job id: only jobs from this source, e.g. github or ci-bot:renovate.")
    String source;

    @Option(names = "--migration", paramLabel = "<id>", description = "With --follow and no job id: only this migration's jobs.")
    String migration;

    @Override
    int run(ServiceClient client) throws InterruptedException {
        if (!follow && (source != null || migration != null)) {
            err().println("--source and --migration select what --follow prints; add --follow");
            return REFUSED;
        }
        if (follow) {
            StatusFollower follower = new StatusFollower(client, out(), err(), json, this::failure);
            if (id != null) {
                return follower.job(id);
            }
            List<String> query = new ArrayList<>();
            if (source != null) {
                query.add("source=" + ServiceClient.encode(source));
            }
            if (migration != null) {
                query.add("migration=" + ServiceClient.encode(migration));
            }
            if (state != null) {
                query.add("state=" + ServiceClient.encode(state));
            }
            return follower.source(query.isEmpty() ? "" : "?" + String.join("&", query));
        }
        return id == null ? list(client) : show(client);
    }

    private int list(ServiceClient client) {
        String query = "?limit=" + limit + (state == null ? "" : "&state=" + ServiceClient.encode(state));
        Reply reply = client.get("/jobs" + query);
        if (!reply.ok()) {
            int code = failure("GET /jobs", reply);
            List<String> states = new ArrayList<>();
            reply.json().path("states").forEach(s -> states.add(s.asText()));
            if (!states.isEmpty()) {
                err().println("  states: " + String.join(", ", states));
            }
            return code;
        }
        if (json) {
            out().println(reply.body());
            return OK;
        }
        List<JobStatus> jobs = reply.as(new TypeReference<List<JobStatus>>() { });
        if (jobs.isEmpty()) {
            out().println(state == null ? "no jobs" : "no jobs in state " + state);
            return OK;
        }
        TablePrinter table = new TablePrinter("ID", "KIND", "STATE", "LANE", "UPDATED", "REASON");
        for (JobStatus job : jobs) {
            table.row(job.jobId(), job.kind(), job.state(), job.lane(), JobReport.time(job.updatedAt()), TablePrinter.truncate(job.reason(), REASON_WIDTH));
        }
        table.print(out());
        if (jobs.size() == limit) {
            out().println("(the " + limit + " most recently updated jobs; --limit <n> for more)");
        }
        return OK;
    }

    private int show(ServiceClient client) {
        Reply reply = client.get("/jobs/" + ServiceClient.encode(id));
        if (reply.status() == 404) {
            err().println("no job " + id);
            return FAILED;
        }
        if (!reply.ok()) {
            return failure("GET /jobs/" + id, reply);
        }
        if (json) {
            out().println(reply.body());
            return OK;
        }
        JobReport.print(reply.as(JobStatus.class), out());
        return OK;
    }
}
