package dev.patchlane.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.events.SmallEventLimits;
import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Transition;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./patchlane status <id> --follow [--json]} in-process against the running service over its real socket. */
@QuarkusTest
@TestProfile(SmallEventLimits.class)
@WithTestResource(EmbeddedKafkaResource.class)
class StatusFollowTest {

    @TestHTTPResource("/")
    URL service;

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Run status(String url, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new StatusCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--url", url, "--token", Tokens.ACME));
        return new Run(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    private static String submit() {
        return Jobs.submit(new JobRequest(JobKind.LINT_FIX, TestPipeline.prepared().plan().repository().toString(), "main",
                List.of("README.md"), "Fix the lint findings.", null, null, new JobSource("ci-bot", "follow-test", null),
                "follow-" + UUID.randomUUID()));
    }

    /** The JSON lines of a --json run: statuses whose histories grow by at least one transition each, ending terminal. */
    private static List<JobStatus> statuses(Run run, String id) {
        List<JobStatus> statuses = run.out().lines().map(line -> Json.read(line.getBytes(StandardCharsets.UTF_8), JobStatus.class)).toList();
        assertTrue(!statuses.isEmpty(), run.toString());
        for (int i = 1; i < statuses.size(); i++) {
            List<Transition> before = statuses.get(i - 1).history();
            assertTrue(statuses.get(i).history().size() > before.size(), "no status printed twice: " + run);
            assertEquals(before, statuses.get(i).history().subList(0, before.size()));
        }
        JobStatus last = statuses.get(statuses.size() - 1);
        assertTrue(last.isTerminal(), run.toString());
        assertEquals(Jobs.status(id), last);
        return statuses;
    }

    @Test
    void followJsonPrintsOneStatusPerLineUntilTheJobEnds() {
        String id = submit();
        Run run = status(service.toString(), id, "--follow", "--json");
        assertEquals(0, run.code(), run.toString());
        assertEquals(id, statuses(run, id).get(0).jobId());
    }

    @Test
    void followPrintsEachTransitionOnceAndTheEnd() {
        String id = submit();
        Run run = status(service.toString(), id, "--follow");
        assertEquals(0, run.code(), run.toString());
        JobStatus end = Jobs.status(id);
        List<String> lines = run.out().lines().toList();
        assertEquals(end.history().size() + 1, lines.size(), run.toString());
        for (int i = 0; i < end.history().size(); i++) {
            assertTrue(lines.get(i).contains("  " + end.history().get(i).state().name() + "  " + end.history().get(i).stage()), lines.get(i));
        }
        assertEquals("job " + id + " ended " + end.state() + ": " + end.reason(), lines.get(lines.size() - 1));
    }

    @Test
    void aDroppedConnectionIsResumedWithLastEventIdAndNothingIsMissedOrRepeated() throws Exception {
        String id = submit();
        try (CuttingProxy proxy = new CuttingProxy(service.getPort())) {
            Run run = status("http://127.0.0.1:" + proxy.port(), id, "--follow", "--json");
            assertEquals(0, run.code(), run.toString());
            assertTrue(proxy.connections() >= 2, "the first connection was cut: " + run);
            assertTrue(run.err().contains("reconnecting in 1 s from h"), run.toString());
            List<JobStatus> statuses = statuses(run, id);
            assertEquals(JobStatusesSeen.transitions(statuses), Jobs.status(id).history(), "every transition, once");
        }
    }

    @Test
    void refusalsHaveTheirExitCodes() {
        Run missing = status(service.toString(), "no-such-job", "--follow");
        assertEquals(1, missing.code(), missing.toString());
        assertTrue(missing.err().contains("no job no-such-job"), missing.toString());
        Run badState = status(service.toString(), "--follow", "--source", "ci-bot", "--state", "BOGUS");
        assertEquals(2, badState.code(), badState.toString());
        assertTrue(badState.err().contains("unknown state BOGUS"), badState.toString());
        Run noFollow = status(service.toString(), "--source", "github");
        assertEquals(2, noFollow.code(), noFollow.toString());
    }

    /** The transitions a client printing each status' new ones would print. */
    static final class JobStatusesSeen {
        static List<Transition> transitions(List<JobStatus> statuses) {
            List<Transition> printed = new ArrayList<>();
            for (JobStatus status : statuses) {
                printed.addAll(status.history().subList(printed.size(), status.history().size()));
            }
            return printed;
        }
    }
}
