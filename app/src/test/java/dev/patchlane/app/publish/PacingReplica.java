package dev.patchlane.app.publish;

import dev.patchlane.sink.github.GitHubPullRequests;
import dev.patchlane.sink.github.GitHubSettings;
import dev.patchlane.sink.github.MutationGate;
import dev.patchlane.sink.github.PullRequestResult;
import dev.patchlane.sink.github.PullRequestSpec;
import dev.patchlane.sink.github.RateLimitPolicy;
import dev.patchlane.sink.github.Sleeper;
import dev.patchlane.sink.pacing.KafkaMutationGate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One sink replica as its own JVM, for {@link SharedPacingTest}: its own Kafka clients and pacing gate, publishing pull
 * requests to the GitHub stub when told on stdin ({@code call <token> <head> <delayMs>}); it answers on stdout.
 * Arguments: bootstrap servers, pacing topic, replica id, GitHub API URL, mutation spacing in ms.
 */
public final class PacingReplica {

    static final String REPOSITORY = "acme/widgets";

    private PacingReplica() {
    }

    public static void main(String[] args) throws Exception {
        URI api = URI.create(args[3]);
        Duration spacing = Duration.ofMillis(Long.parseLong(args[4]));
        RateLimitPolicy policy = new RateLimitPolicy(Duration.ofSeconds(60), 5, Duration.ofMinutes(15), spacing);
        Map<String, GitHubPullRequests> clients = new ConcurrentHashMap<>();
        ExecutorService calls = Executors.newCachedThreadPool();
        TimedGate timed;
        try (KafkaMutationGate gate = KafkaMutationGate.start(new KafkaMutationGate.Settings(args[0], args[1], args[2],
                Duration.ofMinutes(5), Duration.ofSeconds(20), Duration.ofMinutes(1)))) {
            while (!gate.isReady()) {
                Thread.sleep(20);
            }
            timed = new TimedGate(gate);
            say("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                String[] parts = line.split(" ");
                String token = parts[1];
                String head = parts[2];
                long delay = Long.parseLong(parts[3]);
                GitHubPullRequests client = clients.computeIfAbsent(token, t -> new GitHubPullRequests(
                        new GitHubSettings(api, Optional.of(t), Optional.empty(), policy), Sleeper.real(), timed));
                calls.submit(() -> {
                    try {
                        Thread.sleep(delay);
                        TimedGate.WAITED.set(0L);
                        PullRequestResult result = client.ensure(new PullRequestSpec(REPOSITORY, head, "main", "Fix " + head, "",
                                false, List.of()));
                        say("done " + head + " " + result.effect() + " " + TimeUnit.NANOSECONDS.toMillis(TimedGate.WAITED.get()));
                    } catch (Exception | Error e) {
                        say("failed " + head + " " + e);
                    }
                    return null;
                });
            }
            calls.shutdown();
            calls.awaitTermination(30, TimeUnit.SECONDS);
        } finally {
            clients.values().forEach(GitHubPullRequests::close);
        }
    }

    /** Counts how long this thread's mutating calls waited at the gate, the pacing alone without HTTP or JVM warm-up. */
    private record TimedGate(MutationGate delegate) implements MutationGate {

        static final ThreadLocal<Long> WAITED = ThreadLocal.withInitial(() -> 0L);

        @Override
        public Turn enter(String lane, Duration spacing) throws IOException {
            long started = System.nanoTime();
            Turn turn = delegate.enter(lane, spacing);
            WAITED.set(WAITED.get() + System.nanoTime() - started);
            return turn;
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
