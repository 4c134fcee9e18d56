package dev.patchlane.sink.github;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Waits out rate-limit answers and re-sends, within {@link RateLimitPolicy}'s bound. It sits below hub4j so that hub4j
 * never sees a rate-limit answer: hub4j's own handlers re-send at most twice and sleep outside any {@link Sleeper}.
 */
final class RateLimitedConnector implements GitHubConnector {

    private static final Logger LOG = Logger.getLogger(RateLimitedConnector.class);
    private static final int LONGEST_DOUBLING = 20;

    private final GitHubConnector delegate;
    private final RateLimitPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;

    RateLimitedConnector(GitHubConnector delegate, RateLimitPolicy policy, Sleeper sleeper, Clock clock) {
        this.delegate = delegate;
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        int retries = 0;
        int unannounced = 0;
        Duration waited = Duration.ZERO;
        while (true) {
            GitHubConnectorResponse response = delegate.send(request);
            Optional<RateLimitSignal> signal = RateLimitSignal.read(response, clock);
            if (signal.isEmpty()) {
                return response;
            }
            response.close();
            String call = request.method() + " " + request.url().getPath();
            String reason = signal.get().reason();
            if (retries >= policy.maxRetries()) {
                throw new GitHubGaveUpException("GitHub kept rate limiting " + call + " (" + reason + ") after "
                        + retries + " retries, the most allowed");
            }
            Duration wait = signal.get().announcedWait().orElse(secondaryWait(++unannounced));
            if (waited.plus(wait).compareTo(policy.maxWait()) > 0) {
                throw new GitHubGaveUpException("GitHub rate limited " + call + " (" + reason + "): waiting " + wait
                        + " more after " + waited + " would pass the bound of " + policy.maxWait());
            }
            LOG.warnf("GitHub rate limited %s (%s); waiting %s before retry %d of %d", call, reason, wait,
                    retries + 1, policy.maxRetries());
            sleep(wait);
            waited = waited.plus(wait);
            retries++;
        }
    }

    private Duration secondaryWait(int repeat) {
        return policy.secondaryMinimumWait().multipliedBy(1L << Math.min(repeat - 1, LONGEST_DOUBLING));
    }

    private void sleep(Duration wait) throws InterruptedIOException {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw (InterruptedIOException) new InterruptedIOException("Interrupted waiting out a GitHub rate limit")
                    .initCause(e);
        }
    }
}
