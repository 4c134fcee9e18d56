package dev.patchlane.app.cli;

import dev.patchlane.app.cli.client.EventConnection;
import dev.patchlane.app.cli.client.Reply;
import dev.patchlane.app.cli.client.ServerSentEvent;
import dev.patchlane.app.cli.client.ServiceClient;
import dev.patchlane.app.cli.client.ServiceUnreachable;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Transition;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * {@code status --follow}: reads a job's (or a source's) event stream and prints each transition as it arrives, or each
 * status as one JSON line with {@code --json}; when the connection drops it reconnects with the last event's id as
 * {@code Last-Event-ID}, so nothing is missed or printed twice.
 */
final class StatusFollower {

    /** Three of the server's keep-alives missed: the connection is taken for dead. */
    static final Duration SILENCE = Duration.ofSeconds(45);
    static final int MAX_FAILURES = 10;

    private final ServiceClient client;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final BiFunction<String, Reply, Integer> failure;
    private String cursor;
    private int failures;

    /** @param failure explains a refused request and returns its exit code */
    StatusFollower(ServiceClient client, PrintWriter out, PrintWriter err, boolean json, BiFunction<String, Reply, Integer> failure) {
        this.client = client;
        this.out = out;
        this.err = err;
        this.json = json;
        this.failure = failure;
    }

    /** Follows one job until it is terminal; returns the exit code. */
    int job(String id) throws InterruptedException {
        String path = "/jobs/" + ServiceClient.encode(id) + "/events";
        int printed = 0;
        while (true) {
            try (EventConnection stream = connect(path)) {
                if (stream.status() != 200) {
                    Optional<Integer> code = refused(path, stream, id);
                    if (code.isPresent()) {
                        return code.get();
                    }
                    continue;
                }
                Optional<ServerSentEvent> next;
                while ((next = stream.next()).isPresent()) {
                    ServerSentEvent event = next.get();
                    switch (event.event()) {
                        case "status" -> {
                            JobStatus status = read(event);
                            printed = print(status, event.data(), printed);
                            cursor = event.id();
                            failures = 0;
                            if (status.isTerminal()) {
                                if (!json) {
                                    out.println("job " + status.jobId() + " ended " + status.state() + ": " + status.reason());
                                }
                                out.flush();
                                return ClientCommand.OK;
                            }
                        }
                        case "removed" -> {
                            err.println("job " + id + " was removed from the service");
                            return ClientCommand.FAILED;
                        }
                        case "dropped" -> err.println("the service dropped the stream (" + event.data() + "); resuming");
                        default -> {
                            // an event this client does not know: a newer server's; nothing to print
                        }
                    }
                }
            } catch (ServiceUnreachable e) {
                retryAfter(e.getMessage());
                continue;
            }
            retryAfter("the stream ended before the job did");
        }
    }

    /** Follows every job the query selects until interrupted (or refused); returns the exit code. */
    int source(String query) throws InterruptedException {
        String path = "/events" + query;
        while (true) {
            try (EventConnection stream = connect(path)) {
                if (stream.status() != 200) {
                    Optional<Integer> code = refused(path, stream, null);
                    if (code.isPresent()) {
                        return code.get();
                    }
                    continue;
                }
                Optional<ServerSentEvent> next;
                while ((next = stream.next()).isPresent()) {
                    ServerSentEvent event = next.get();
                    switch (event.event()) {
                        case "status" -> {
                            JobStatus status = read(event);
                            if (json) {
                                out.println(event.data());
                            } else {
                                Transition last = status.history().get(status.history().size() - 1);
                                out.println(String.join("  ", JobReport.time(last.at()), status.jobId(), status.state().name(),
                                        String.valueOf(status.lane()), TablePrinter.truncate(status.reason(), 80)));
                            }
                            out.flush();
                            cursor = event.id();
                            failures = 0;
                        }
                        case "removed" -> {
                            if (!json) {
                                out.println("removed  " + event.data());
                            }
                            cursor = event.id();
                        }
                        case "dropped" -> err.println("the service dropped the stream (" + event.data() + "); resuming");
                        default -> {
                            // unknown to this client
                        }
                    }
                }
            } catch (ServiceUnreachable e) {
                retryAfter(e.getMessage());
                continue;
            }
            retryAfter("the service ended the stream");
        }
    }

    private EventConnection connect(String path) throws InterruptedException {
        while (true) {
            try {
                return client.events(path, cursor, SILENCE);
            } catch (ServiceUnreachable e) {
                retryAfter(e.getMessage());
            }
        }
    }

    /** The exit code for a refusal, or empty after waiting when the service asked to be retried (503). */
    private Optional<Integer> refused(String path, EventConnection stream, String id) throws InterruptedException {
        Reply reply = stream.reply();
        if (reply.status() == 404 && id != null) {
            err.println("no job " + id);
            return Optional.of(ClientCommand.FAILED);
        }
        if (reply.status() == 503) {
            retryAfter(reply.json().path("error").asText("the service is unavailable"));
            return Optional.empty();
        }
        return Optional.of(failure.apply("GET " + path, reply));
    }

    private int print(JobStatus status, String line, int printed) {
        if (json) {
            out.println(line);
        } else {
            for (Transition step : status.history().subList(Math.min(printed, status.history().size()), status.history().size())) {
                out.println(String.join("  ", JobReport.time(step.at()), step.state().name(), step.stage(),
                        step.lane() == null ? "-" : step.lane().name(), step.reason() == null ? "" : step.reason()));
            }
        }
        out.flush();
        return Math.max(printed, status.history().size());
    }

    private void retryAfter(String why) throws InterruptedException {
        failures++;
        if (failures > MAX_FAILURES) {
            throw new ServiceUnreachable(why + "; gave up after " + MAX_FAILURES + " tries to reconnect");
        }
        long seconds = Math.min(5, 1L << Math.min(failures - 1, 3));
        err.println(why + "; reconnecting in " + seconds + " s" + (cursor == null ? "" : " from " + cursor));
        err.flush();
        Thread.sleep(seconds * 1000);
    }

    private static JobStatus read(ServerSentEvent event) {
        try {
            return Json.read(event.data().getBytes(StandardCharsets.UTF_8), JobStatus.class);
        } catch (RuntimeException e) {
            throw new dev.patchlane.app.cli.client.UnexpectedAnswer("the service sent a status that is not a job status: " + e.getMessage());
        }
    }
}
