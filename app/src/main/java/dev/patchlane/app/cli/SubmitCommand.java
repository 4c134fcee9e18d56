package dev.patchlane.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.app.cli.client.Reply;
import dev.patchlane.app.cli.client.ServiceClient;
import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Budget;
import dev.patchlane.contracts.JobRequest;
import dev.patchlane.contracts.JobSource;
import dev.patchlane.contracts.Json;
import dev.patchlane.contracts.Lane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Submit one job to a running service, from flags or from a JSON file (the POST /jobs body).",
            "The service checks the job; each field it refuses is printed on its own line.",
            "Exit codes: 0 submitted (new or duplicate), 2 refused (also: no valid token, or one without the submit scope), 3 no service or service unavailable."})
class SubmitCommand extends ClientCommand {

    @Option(names = "--kind", paramLabel = "<kind>", description = "What the job asks for: ${COMPLETION-CANDIDATES}.")
    JobKind kind;

    @Option(names = "--repo", paramLabel = "<url|path>", description = "A git URL or a local path (sent as an absolute path).")
    String repository;

    @Option(names = "--ref", paramLabel = "<ref>", description = "The branch, tag or commit to start from (default: HEAD).")
    String ref;

    @Option(names = "--path", paramLabel = "<file>", description = "A repository-relative file to work on; repeat for more.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--instructions", paramLabel = "<text>", description = "What to do.")
    String instructions;

    @Option(names = "--lane", paramLabel = "<lane>", description = "Force a lane: ${COMPLETION-CANDIDATES} (default: the router decides).")
    Lane lane;

    @Option(names = "--key", paramLabel = "<key>", description = "Idempotency key: the same key is the same job (default: a hash of the request).")
    String key;

    @Option(names = "--source-name", paramLabel = "<name>", description = "Who is submitting (default: the user name).")
    String sourceName;

    @Option(names = "--max-tokens", paramLabel = "<n>", description = "Budget: the most tokens the job may spend over all its attempts.")
    Long maxTokens;

    @Option(names = "--max-cost", paramLabel = "<usd>", description = "Budget: the most US dollars the job may cost, at the lanes' prices.")
    Double maxCostUsd;

    @Option(names = "--max-deep-turns", paramLabel = "<n>", description = "Budget: the most turns of the deep lane's agent.")
    Integer maxDeepTurns;

    @Option(names = "--file", paramLabel = "<job.json>", description = "Send this JSON job request as it is instead of the flags above; - reads standard input.")
    String file;

    @Option(names = "--json", description = "Print the service's JSON answer instead of a sentence.")
    boolean json;

    @Override
    int run(ServiceClient client) throws IOException {
        if (file != null && hasJobFlags()) {
            err().println("--file cannot be combined with --kind, --repo, --ref, --path, --instructions, --lane, --key, --source-name or the budget flags");
            return REFUSED;
        }
        byte[] body = file != null ? read(file) : Json.write(request());
        Reply reply = client.post("/jobs", "application/json", body);
        if (json) {
            out().println(reply.body());
        }
        if (!reply.ok()) {
            return failure("POST /jobs", reply);
        }
        if (!json) {
            JsonNode answer = reply.json();
            String id = answer.path("id").asText();
            out().println(answer.path("duplicate").asBoolean()
                    ? "job " + id + " is a duplicate (state " + answer.path("state").asText() + ")"
                    : "job " + id + " submitted (new)");
        }
        return OK;
    }

    private boolean hasJobFlags() {
        return kind != null || repository != null || ref != null || !paths.isEmpty() || instructions != null || lane != null || key != null
                || sourceName != null || maxTokens != null || maxCostUsd != null || maxDeepTurns != null;
    }

    private JobRequest request() {
        Budget budget = new Budget(maxTokens, maxCostUsd, maxDeepTurns);
        return new JobRequest(kind, repositoryArgument(), ref, paths.isEmpty() ? null : List.copyOf(paths), instructions, null, lane,
                new JobSource("cli", sourceName != null ? sourceName : userName(), null), key, budget.isEmpty() ? null : budget);
    }

    // The service resolves a relative path against its own directory, so a local path is made absolute here.
    private String repositoryArgument() {
        if (repository == null || repository.contains("://") || repository.contains("@")) {
            return repository;
        }
        try {
            Path local = Path.of(repository);
            return Files.exists(local) ? local.toAbsolutePath().normalize().toString() : repository;
        } catch (InvalidPathException e) {
            return repository;
        }
    }

    private static String userName() {
        String name = System.getProperty("user.name");
        return name == null || name.isBlank() ? "cli" : name;
    }

    private static byte[] read(String file) throws IOException {
        return "-".equals(file) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
    }
}
