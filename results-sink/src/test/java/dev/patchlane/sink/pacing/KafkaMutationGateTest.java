package dev.patchlane.sink.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.sink.github.GitHubApiException;
import dev.patchlane.sink.github.GitHubPullRequests;
import dev.patchlane.sink.github.GitHubSettings;
import dev.patchlane.sink.github.GitHubStub;
import dev.patchlane.sink.github.PullRequestSpec;
import dev.patchlane.sink.github.RecordingSleeper;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a broker the gate says so and no mutating call is made; the shared schedule itself is tested on a broker in the app. */
class KafkaMutationGateTest {

    @Test
    void anUnreachableBrokerFailsTheMutatingCallClearlyAndReadsStillPass() throws Exception {
        try (GitHubStub stub = GitHubStub.start().repository("acme/widgets", "main").acceptToken("ghp_pacing");
                KafkaMutationGate gate = KafkaMutationGate.start(new KafkaMutationGate.Settings("127.0.0.1:" + closedPort(),
                        "patchlane.github.pacing", "replica-a", Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofMinutes(1)));
                GitHubPullRequests pulls = new GitHubPullRequests(GitHubSettings.forToken(stub.url(), "ghp_pacing"),
                        new RecordingSleeper(), gate)) {
            IOException direct = assertThrows(IOException.class, () -> gate.enter("lane", Duration.ofSeconds(1)));
            assertTrue(direct.getMessage().startsWith("GitHub pacing: cannot read the pacing topic patchlane.github.pacing within PT2S"),
                    direct.getMessage());

            GitHubApiException e = assertThrows(GitHubApiException.class,
                    () -> pulls.ensure(new PullRequestSpec("acme/widgets", "patchlane/job-a", "main", "Fix", "", true, List.of())));
            assertTrue(e.getMessage().contains("GitHub pacing"), e.getMessage());
            assertEquals(0, e.status(), "not an answer of GitHub's, so the sink retries it");
            assertTrue(stub.requests().stream().noneMatch(GitHubStub.Request::mutating), stub.requests().toString());
            assertTrue(stub.requests().stream().anyMatch(r -> r.method().equals("GET")), "reads do not wait for the broker");
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
