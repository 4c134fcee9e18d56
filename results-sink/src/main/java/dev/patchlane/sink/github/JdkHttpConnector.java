package dev.patchlane.sink.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * hub4j's requests over the JDK's HttpClient, with a per-request timeout (hub4j's own HttpClient connector has none)
 * and the body read whole so rate-limit checks can look at it and hub4j can still parse it.
 */
final class JdkHttpConnector implements GitHubConnector {

    private final HttpClient client;
    private final Duration requestTimeout;

    JdkHttpConnector(Duration connectTimeout, Duration requestTimeout) {
        // hub4j follows redirects itself so that Authorization is dropped when the host changes
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
        this.requestTimeout = requestTimeout;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(request.url().toURI()).timeout(requestTimeout);
        } catch (URISyntaxException e) {
            throw new IOException("Invalid GitHub URL " + request.url(), e);
        }
        for (Map.Entry<String, List<String>> header : request.allHeaders().entrySet()) {
            if (header.getValue() != null) {
                builder.header(header.getKey(), String.join(", ", header.getValue()));
            }
        }
        InputStream body = request.hasBody() ? request.body() : null;
        builder.method(request.method(), body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body.readAllBytes()));
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new BufferedResponse(request, response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw (InterruptedIOException) new InterruptedIOException("Interrupted calling GitHub").initCause(e);
        }
    }

    private static final class BufferedResponse extends GitHubConnectorResponse.ByteArrayResponse {

        private final byte[] body;

        BufferedResponse(GitHubConnectorRequest request, int status, Map<String, List<String>> headers, byte[] body) {
            super(request, status, headers);
            this.body = body;
        }

        @Override
        protected InputStream rawBodyStream() {
            return new ByteArrayInputStream(body);
        }
    }
}
