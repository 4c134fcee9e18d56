package dev.patchlane.app.cli.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A running patchlane service over HTTP/1.1, with a bearer token; every failure to reach it is a {@link ServiceUnreachable}. */
public final class ServiceClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final String token;
    private final HttpClient http;

    /**
     * @param base the service's root, e.g. {@code http://localhost:8080}
     * @param token the API token sent as {@code Authorization: Bearer}, or null to send none
     */
    public ServiceClient(URI base, String token) {
        this.base = base.toString().replaceAll("/+$", "");
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    public String base() {
        return base;
    }

    /** The absolute URI of {@code path}, which starts with a slash and is already encoded. */
    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** {@code value} encoded as one path segment or query value. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Reply post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Reply delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /**
     * Opens the server-sent event stream at {@code path}, resuming after {@code lastEventId} when it is not null. The
     * stream has no overall timeout; one silent for longer than {@code silence} is closed.
     */
    public EventConnection events(String path, String lastEventId, Duration silence) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET().header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new EventConnection(http.send(request.build(), HttpResponse.BodyHandlers.ofLines()), silence);
        } catch (HttpConnectTimeoutException e) {
            throw noService();
        } catch (IOException e) {
            if (refused(e)) {
                throw noService();
            }
            throw new ServiceUnreachable("cannot talk to " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnreachable("interrupted while waiting for " + base);
        }
    }

    private Reply send(HttpRequest.Builder request) {
        request.timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body());
        } catch (HttpConnectTimeoutException e) {
            throw noService();
        } catch (HttpTimeoutException e) {
            throw new ServiceUnreachable("no answer from " + base + " within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            if (refused(e)) {
                throw noService();
            }
            throw new ServiceUnreachable("cannot talk to " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnreachable("interrupted while waiting for " + base);
        }
    }

    private ServiceUnreachable noService() {
        return new ServiceUnreachable("no patchlane service at " + base + "; start one with ./patchlane serve");
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
