package dev.patchlane.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.app.cli.client.Reply;
import dev.patchlane.app.cli.client.ServiceClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Submit a bulk migration manifest (YAML or JSON) to a running service, follow it, or cancel it.",
            "Exit codes: 0 submitted (or, with --wait, every job finished), 1 failed, timed out or conflicting,",
            "2 refused (each violation printed; also no valid token, or one without the scope), 3 no service or service unavailable."})
class MigrateCommand extends ClientCommand {

    private static final Duration POLL = Duration.ofSeconds(1);

    @Parameters(arity = "0..1", paramLabel = "<manifest>", description = "The manifest: .yaml or .yml is sent as YAML, anything else as JSON.")
    Path manifest;

    @Option(names = "--wait", description = "Print the progress every second until every job is finished and the fan-out has ended.")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "3600", description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--cancel", paramLabel = "<id>", description = "Cancel this migration instead: jobs not yet submitted will not be.")
    String cancel;

    @Override
    int run(ServiceClient client) throws IOException, InterruptedException {
        if ((manifest == null) == (cancel == null)) {
            err().println("give either a manifest file or --cancel <id>");
            return REFUSED;
        }
        return manifest != null ? submit(client) : cancel(client);
    }

    private int submit(ServiceClient client) throws IOException, InterruptedException {
        Reply reply = client.post("/migrations", contentType(manifest), Files.readAllBytes(manifest));
        if (reply.status() == 409) {
            err().println(reply.error());
            return FAILED;
        }
        if (!reply.ok()) {
            return failure("POST /migrations", reply);
        }
        JsonNode answer = reply.json();
        String id = answer.path("id").asText();
        String progress = answer.path("progress").asText("/migrations/" + ServiceClient.encode(id));
        out().println("migration " + id + (answer.path("duplicate").asBoolean() ? " was already submitted (duplicate)" : " submitted (new)"));
        out().println("progress: " + client.uri(progress));
        return wait ? await(client, id) : OK;
    }

    private int cancel(ServiceClient client) throws InterruptedException {
        Reply reply = client.delete("/migrations/" + ServiceClient.encode(cancel));
        if (reply.status() == 404) {
            err().println("no migration " + cancel);
            return FAILED;
        }
        if (!reply.ok()) {
            return failure("DELETE /migrations/" + cancel, reply);
        }
        out().println("migration " + cancel + " cancelled; jobs already handed to the pipeline still finish");
        return wait ? await(client, cancel) : OK;
    }

    private int await(ServiceClient client, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        String last = null;
        while (true) {
            Reply reply = client.get("/migrations/" + ServiceClient.encode(id));
            if (!reply.ok()) {
                return failure("GET /migrations/" + id, reply);
            }
            MigrationProgress progress = reply.as(MigrationProgress.class);
            String line = progress.summary();
            if (!line.equals(last)) {
                out().println(line);
                out().flush();
                last = line;
            }
            if (progress.failed()) {
                err().println("the fan-out of migration " + id + " failed");
                return FAILED;
            }
            if (progress.done()) {
                return OK;
            }
            if (System.nanoTime() >= deadline) {
                err().println("timed out after " + timeoutSeconds + " s; migration " + id + " is still running");
                return FAILED;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") ? "application/yaml" : "application/json";
    }
}
