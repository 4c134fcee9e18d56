package dev.patchlane.sink.github;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/** Sends mutating requests through the lane's {@link MutationGate}; reads pass straight through. */
final class PacedConnector implements GitHubConnector {

    private static final Set<String> MUTATING = Set.of("POST", "PATCH", "PUT", "DELETE");

    private final String lane;
    private final Duration spacing;
    private final MutationGate gate;
    private final GitHubConnector delegate;

    PacedConnector(String lane, Duration spacing, MutationGate gate, GitHubConnector delegate) {
        this.lane = lane;
        this.spacing = spacing;
        this.gate = gate;
        this.delegate = delegate;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        if (!MUTATING.contains(request.method())) {
            return delegate.send(request);
        }
        try (MutationGate.Turn turn = gate.enter(lane, spacing)) {
            return delegate.send(request);
        }
    }
}
