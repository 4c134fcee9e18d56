package dev.patchlane.app.routing;

import dev.patchlane.contracts.ContractSchema;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import dev.patchlane.contracts.Outcome;
import dev.patchlane.contracts.RecordReader;
import dev.patchlane.contracts.RouteDecision;
import dev.patchlane.contracts.RouteFeatures;
import dev.patchlane.pipeline.stats.RoutingStatsView;
import dev.patchlane.router.learning.LearnedPolicy;
import dev.patchlane.router.stats.Decay;
import dev.patchlane.router.stats.StatsWriter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * One router process's routing statistics as its own JVM, for {@link RoutingStatsProcessesTest}: the view replayed from
 * the statistics topic, the writer in the router's consumer group, the learned policy deciding from the view. It
 * answers line commands on stdout: {@code stats <key>}, {@code decide <jobId>}, {@code counts}.
 * Arguments: bootstrap servers, consumer group, outcomes topic, statistics topic, repository of the decided job.
 */
public final class RouterStatsReplica {

    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private RouterStatsReplica() {
    }

    /** The writer's counters, as {@code counts} answers them. */
    public record Counts(long applied, long repeated, long unreadable, int assigned) {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String repository = args[4];
        RoutingStatsView view = new RoutingStatsView();
        view.start(bootstrap, args[3]);
        if (!view.awaitReplayed(CATCH_UP)) {
            say("failed: the statistics topic was not replayed");
            System.exit(1);
        }
        LearnedPolicy policy = new LearnedPolicy(LearningDefaults.CONFIG, 128_000);
        RouteFeatures lint = new RouteFeatures(JobKind.LINT_FIX, 1, 800, false, List.of(), null);
        RouteDecision rules = new RouteDecision(Lane.FAST, List.of("bounded LINT_FIX job"), lint);
        try (StatsWriter writer = StatsWriter.start(bootstrap, args[1], args[2], args[3],
                new Decay(LearningDefaults.CONFIG.halfLife(), LearningDefaults.CONFIG.recentHalfLife()), view,
                bytes -> RecordReader.read(bytes, ContractSchema.OUTCOME, Outcome.class))) {
            say("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                String[] parts = line.split(" ", 2);
                switch (parts[0]) {
                    case "stats" -> {
                        // the figures once this process has read every record written so far, by either writer
                        boolean caughtUp = view.awaitCaughtUp(CATCH_UP);
                        say(caughtUp ? new String(Json.write(view.summary(parts[1])), StandardCharsets.UTF_8) : "failed: not caught up");
                    }
                    case "decide" -> {
                        RouteDecision decision = policy.decide(rules, repository, parts[1], view::summary);
                        say(decision.lane() + " " + decision.reasons().get(0));
                    }
                    case "counts" -> say(new String(Json.write(new Counts(writer.applied(), writer.repeated(), writer.unreadable(),
                            writer.assigned())), StandardCharsets.UTF_8));
                    default -> say("failed: unknown command " + line);
                }
            }
        } finally {
            view.close();
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
