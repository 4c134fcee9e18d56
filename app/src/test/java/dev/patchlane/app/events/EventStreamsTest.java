package dev.patchlane.app.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.app.cli.client.ServerSentEvent;
import dev.patchlane.app.support.EmbeddedKafkaResource;
import dev.patchlane.app.support.Jobs;
import dev.patchlane.app.support.TestPipeline;
import dev.patchlane.app.support.Tokens;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobState;
import dev.patchlane.contracts.JobStatus;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Transition;
import dev.patchlane.ingest.events.StatusEventHub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import dev.patchlane.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /jobs/{id}/events} and {@code GET /events} over a real socket with the JDK HttpClient, on the embedded
 * broker: a job's whole life, resuming after a disconnect, filters, tenants, hostile cursors and the stream limit.
 */
@QuarkusTest
@TestProfile(SmallEventLimits.class)
@WithTestResource(EmbeddedKafkaResource.class)
class EventStreamsTest {

    static final int MAX_STREAMS = SmallEventLimits.MAX_STREAMS;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URL service;

    @Inject
    StatusEventHub hub;

    private URI base() throws Exception {
        return service.toURI();
    }

    private static JobRequest job(String sourceName) {
        return new JobRequest(JobKind.LINT_FIX, TestPipeline.prepared().plan().repository().toString(), "main", List.of("README.md"),
                "Fix the lint findings.", null, null, new JobSource("ci-bot", sourceName, null), "events-" + UUID.randomUUID());
    }

    private static JobStatus status(ServerSentEvent event) {
        assertEquals("status", event.event(), event.toString());
        return Json.read(event.data().getBytes(StandardCharsets.UTF_8), JobStatus.class);
    }

    private static JobStatus terminal(String id) {
        return Awaitility.await().atMost(WAIT).until(() -> Jobs.status(id), s -> s != null && s.isTerminal());
    }

    private void noStreamsOpen() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> hub.open() == 0);
    }

    @Test
    void aJobsStreamGoesFromSubmittedToTerminalAndEnds() throws Exception {
        String id = Jobs.submit(job("events-life"));
        List<ServerSentEvent> events;
        try (SseConnection stream = SseConnection.open(base(), "/jobs/" + id + "/events", Tokens.ACME, null)) {
            assertEquals(200, stream.status());
            assertTrue(stream.header("Content-Type").startsWith("text/event-stream"), stream.header("Content-Type"));
            events = stream.untilEnd(WAIT);
            // The wire: id, event and one data line per event, a blank line after each; a keep-alive comment (and its blank
            // line) may come between events when the job runs longer than the keep-alive interval.
            List<String> lines = withoutKeepAlives(stream.lines());
            assertEquals(events.size() * 4, lines.size(), String.join("\n", stream.lines()));
            for (int i = 0; i < events.size(); i++) {
                assertEquals("id: " + events.get(i).id(), lines.get(4 * i));
                assertEquals("event: status", lines.get(4 * i + 1));
                assertTrue(lines.get(4 * i + 2).startsWith("data: {"), lines.get(4 * i + 2));
                assertEquals("", lines.get(4 * i + 3));
            }
        }
        assertFalse(events.isEmpty());
        List<JobStatus> statuses = events.stream().map(EventStreamsTest::status).toList();
        assertEquals(JobState.SUBMITTED, statuses.get(0).history().get(0).state());
        for (int i = 0; i < statuses.size(); i++) {
            JobStatus current = statuses.get(i);
            assertEquals(id, current.jobId());
            assertEquals("h" + current.history().size(), events.get(i).id());
            if (i > 0) {
                List<Transition> before = statuses.get(i - 1).history();
                assertTrue(current.history().size() > before.size(), "each event brings a new transition");
                assertEquals(before, current.history().subList(0, before.size()), "and keeps the history before it");
            }
        }
        JobStatus last = statuses.get(statuses.size() - 1);
        assertTrue(last.isTerminal(), last.state().name());
        assertEquals(Jobs.status(id), last, "the last event is the status GET /jobs/{id} answers");
        assertTrue(statuses.stream().filter(JobStatus::isTerminal).count() == 1, "one terminal status, then the end");
    }

    private static List<String> withoutKeepAlives(List<String> lines) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(": keep-alive") && i + 1 < lines.size() && lines.get(i + 1).isEmpty()) {
                i++;
                continue;
            }
            kept.add(lines.get(i));
        }
        return kept;
    }

    @Test
    void aStreamResumedAfterADisconnectMissesAndRepeatsNoTransition() throws Exception {
        String id = Jobs.submit(job("events-resume"));
        ServerSentEvent first;
        try (SseConnection stream = SseConnection.open(base(), "/jobs/" + id + "/events", Tokens.ACME, null)) {
            first = stream.next(WAIT);
        }
        assertNotNull(first);
        JobStatus seen = status(first);
        JobStatus end = terminal(id);
        List<JobStatus> after;
        try (SseConnection stream = SseConnection.open(base(), "/jobs/" + id + "/events", Tokens.ACME, first.id())) {
            assertEquals(200, stream.status());
            after = stream.untilEnd(WAIT).stream().map(EventStreamsTest::status).toList();
        }
        List<Transition> printed = new ArrayList<>(seen.history());
        int known = seen.history().size();
        for (JobStatus status : after) {
            assertTrue(status.history().size() > known, "nothing the client had is sent again");
            printed.addAll(status.history().subList(known, status.history().size()));
            known = status.history().size();
        }
        assertEquals(end.history(), printed, "every transition exactly once over the two connections");
        // Resumed at its end, the stream of a terminal job sends nothing and ends (the cursor as a query parameter).
        try (SseConnection stream = SseConnection.open(base(), "/jobs/" + id + "/events?lastEventId=h" + end.history().size(), Tokens.ACME,
                null)) {
            assertEquals(200, stream.status());
            assertEquals(List.of(), stream.untilEnd(WAIT));
        }
    }

    @Test
    void theSourceStreamShowsOnlyItsSourcesJobsAndResumesFromItsCursor() throws Exception {
        String source = "events-src-" + UUID.randomUUID().toString().substring(0, 8);
        List<ServerSentEvent> events = new ArrayList<>();
        String wanted;
        String other;
        try (SseConnection stream = SseConnection.open(base(), "/events?source=ci-bot:" + source, Tokens.ACME, null)) {
            assertEquals(200, stream.status());
            other = Jobs.submit(job(source + "-other"));
            wanted = Jobs.submit(job(source));
            while (true) {
                ServerSentEvent event = stream.next(WAIT);
                assertNotNull(event, "events so far: " + events);
                events.add(event);
                JobStatus status = status(event);
                assertEquals(wanted, status.jobId(), "only the source's job");
                assertTrue(event.id().matches("o\\d+(\\.\\d+)*"), event.id());
                if (status.isTerminal()) {
                    break;
                }
            }
        }
        JobStatus end = terminal(wanted);
        assertEquals(end, status(events.get(events.size() - 1)));
        terminal(other);
        // From the first event's cursor: the job's later statuses, coalesced to its latest, and nothing of the other job.
        try (SseConnection stream = SseConnection.open(base(), "/events?source=ci-bot:" + source, Tokens.ACME, events.get(0).id())) {
            assertEquals(200, stream.status());
            List<JobStatus> resumed = new ArrayList<>();
            ServerSentEvent event;
            while ((event = stream.next(Duration.ofSeconds(3))) != null) {
                resumed.add(status(event));
            }
            assertEquals(events.size() == 1 ? List.of() : List.of(end), resumed);
        }
        // From the start of the topic (o0): every current status of the source's jobs, once.
        try (SseConnection stream = SseConnection.open(base(), "/events?source=ci-bot:" + source + "&lastEventId=o0", Tokens.ACME, null)) {
            assertEquals(200, stream.status());
            ServerSentEvent event = stream.next(WAIT);
            assertNotNull(event);
            assertEquals(end, status(event));
            assertNull(stream.next(Duration.ofSeconds(2)), "nothing else");
        }
        noStreamsOpen();
    }

    @Test
    void anotherTenantsJobIsAnsweredLikeAMissingOne() throws Exception {
        String source = "events-tenant-" + UUID.randomUUID().toString().substring(0, 8);
        String id = Jobs.submit(job(source));
        try (SseConnection theirs = SseConnection.open(base(), "/jobs/" + id + "/events", Tokens.GLOBEX, null);
                SseConnection missing = SseConnection.open(base(), "/jobs/no-such-job/events", Tokens.GLOBEX, null)) {
            assertEquals(404, theirs.status());
            assertEquals(404, missing.status());
            assertEquals("{\"error\":\"no job " + id + "\"}", theirs.body());
            assertEquals("{\"error\":\"no job no-such-job\"}", missing.body());
        }
        try (SseConnection anonymous = SseConnection.open(base(), "/jobs/" + id + "/events", null, null)) {
            assertEquals(401, anonymous.status());
        }
        try (SseConnection globex = SseConnection.open(base(), "/events?source=ci-bot:" + source + "&lastEventId=o0", Tokens.GLOBEX, null);
                SseConnection admin = SseConnection.open(base(), "/events?source=ci-bot:" + source + "&lastEventId=o0", Tokens.ADMIN, null)) {
            assertEquals(200, globex.status());
            assertNotNull(admin.next(WAIT), "the admin sees the job");
            assertNull(globex.next(Duration.ofSeconds(3)), "the other tenant sees nothing of it");
        }
        terminal(id);
        noStreamsOpen();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "garbage                      | /jobs/ID/events | not-a-cursor                  | is not one of /jobs/{id}/events'",
        "negative                     | /jobs/ID/events | h-1                           | is not one of /jobs/{id}/events'",
        "huge                         | /jobs/ID/events | h99999999999999999999         | is not one of /jobs/{id}/events'",
        "ahead of the job             | /jobs/ID/events | h99                           | is ahead of job",
        "a source cursor for a job    | /jobs/ID/events | o0                            | is not one of /jobs/{id}/events'",
        "garbage on /events           | /events         | h1                            | is not one of /events'",
        "negative on /events          | /events         | o-1                           | is not one of /events'",
        "out of range                 | /events         | o99999999999999999999         | is not one of /events'",
        "an offset out of long        | /events         | o9999999999999999999          | out of range",
        "ahead of the topic           | /events         | o999999999                    | is ahead of the status topic",
        "too many partitions          | /events         | o0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0 | partitions; the status topic has",
    })
    void aHostileCursorIsRefusedWith400SayingWhy(String name, String path, String cursor, String reason) throws Exception {
        String id = Jobs.submit(job("events-cursor"));
        try (SseConnection stream = SseConnection.open(base(), path.replace("ID", id), Tokens.ACME, cursor)) {
            String body = stream.body();
            assertEquals(400, stream.status(), name + ": " + body);
            assertTrue(body.contains(reason), name + ": " + body);
        }
        terminal(id);
    }

    @Test
    void anOverlongCursorAndBadFiltersAreRefused() throws Exception {
        try (SseConnection stream = SseConnection.open(base(), "/events", Tokens.ACME, "o" + "1".repeat(6000))) {
            assertEquals(400, stream.status());
            assertTrue(stream.body().contains("is not one of /events'"));
        }
        for (String query : List.of("source=ci-bot:", "source=:x", "state=BOGUS", "migration=" + "m".repeat(300), "source=a%01b")) {
            try (SseConnection stream = SseConnection.open(base(), "/events?" + query, Tokens.ACME, null)) {
                assertEquals(400, stream.status(), query);
                assertTrue(stream.body().startsWith("{\"error\":"), query);
            }
        }
    }

    @Test
    void tooManyStreamsAre503WithTheReasonAndAClosedStreamFreesItsPlace() throws Exception {
        noStreamsOpen();
        List<SseConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_STREAMS; i++) {
                SseConnection stream = SseConnection.open(base(), "/events", Tokens.ACME, null);
                open.add(stream);
                assertEquals(200, stream.status());
            }
            try (SseConnection refused = SseConnection.open(base(), "/events", Tokens.ACME, null)) {
                assertEquals(503, refused.status());
                assertEquals("5", refused.header("Retry-After"));
                assertTrue(refused.body().contains("too many event streams are open on this server (" + MAX_STREAMS + ")"));
            }
            // Idle streams get keep-alive comments (every second in this profile).
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> open.get(0).comments() >= 2);
            assertTrue(open.get(0).lines().contains(": keep-alive"), open.get(0).lines().toString());
            open.remove(0).close();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> hub.open() < MAX_STREAMS);
            SseConnection again = SseConnection.open(base(), "/events", Tokens.ACME, null);
            open.add(again);
            assertEquals(200, again.status());
        } finally {
            open.forEach(SseConnection::close);
        }
        noStreamsOpen();
    }

    @Test
    void aClientThatDoesNotReadIsDroppedWithTheReasonAndTheOthersKeepUp() throws Exception {
        noStreamsOpen();
        String source = "events-slow-" + UUID.randomUUID().toString().substring(0, 8);
        try (Socket slow = new Socket();
                SseConnection good = SseConnection.open(base(), "/events?source=ci-bot:" + source, Tokens.ACME, null)) {
            // A receive window of about a kilobyte, never read: the server's writes to it stop completing.
            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), service.getPort()));
            slow.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\nAuthorization: Bearer "
                    + Tokens.ACME + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hub.open() == 2);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(Jobs.submit(job(source)));
            }
            Awaitility.await().atMost(WAIT).until(() -> hub.open() == 1);
            // Read at once, the dropped client finds the reason at the end of what it was sent, then the connection closes.
            slow.setSoTimeout(30_000);
            String received = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(received.contains("event: dropped"), received.substring(Math.max(0, received.length() - 500)));
            assertTrue(received.contains("{\"reason\":\"the client read too slowly: " + SmallEventLimits.BUFFER + " events were waiting for it\"}"),
                    received.substring(Math.max(0, received.length() - 500)));
            // The others' stream saw every job end while the slow one was dropped.
            java.util.Set<String> ended = new java.util.HashSet<>();
            while (ended.size() < ids.size()) {
                ServerSentEvent event = good.next(WAIT);
                assertNotNull(event, "the other stream missed the end of " + ids.stream().filter(id -> !ended.contains(id)).toList());
                JobStatus status = status(event);
                if (status.isTerminal()) {
                    ended.add(status.jobId());
                }
            }
        }
        noStreamsOpen();
    }

    @Test
    void aTombstoneOnTheStatusTopicIsAnEventRemoved() throws Exception {
        String source = "events-removed-" + UUID.randomUUID().toString().substring(0, 8);
        try (SseConnection stream = SseConnection.open(base(), "/events?source=ci-bot:" + source, Tokens.ACME, null)) {
            String id = Jobs.submit(job(source));
            terminal(id);
            ServerSentEvent event;
            do {
                event = stream.next(WAIT);
                assertNotNull(event);
            } while (!status(event).isTerminal());
            // What the retention sweep writes for a job that ended long ago.
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    EmbeddedKafkaResource.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.STATUS, id, null)).get();
            }
            ServerSentEvent removed = stream.next(WAIT);
            assertNotNull(removed);
            assertEquals("removed", removed.event());
            assertEquals("{\"jobId\":\"" + id + "\"}", removed.data());
            assertTrue(removed.id().matches("o\\d+(\\.\\d+)*"), removed.id());
            Awaitility.await().atMost(WAIT).until(() -> Jobs.status(id) == null);
            try (SseConnection gone = SseConnection.open(base(), "/jobs/" + id + "/events", Tokens.ACME, null)) {
                assertEquals(404, gone.status());
            }
        }
        noStreamsOpen();
    }
}
