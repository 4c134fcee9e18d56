package dev.patchlane.app.probe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A health check for images without curl or a shell (the jlink base): {@code java -cp '/work/app/*'
 * dev.patchlane.app.probe.HealthProbe http://localhost:8080/q/health} exits 0 when the URL answers 200, 1 otherwise.
 * It uses only the JDK, so it starts in well under a second without booting the application.
 */
public final class HealthProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HealthProbe() {
    }

    public static void main(String[] args) {
        System.exit(check(args));
    }

    static int check(String... args) {
        if (args.length != 1) {
            System.err.println("usage: HealthProbe <http-url>, e.g. http://localhost:8080/q/health/ready");
            return 2;
        }
        URI uri;
        try {
            uri = URI.create(args[0]);
        } catch (IllegalArgumentException e) {
            System.err.println("not a URL: " + args[0]);
            return 2;
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            System.err.println("not an http(s) URL: " + args[0]);
            return 2;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return 0;
            }
            System.err.println(uri + " answered " + response.statusCode() + ": " + response.body());
            return 1;
        } catch (IOException e) {
            System.err.println(uri + " unreachable: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
