package dev.patchlane.app.cli;

import dev.patchlane.app.cli.client.Reply;
import dev.patchlane.app.cli.client.ServiceClient;
import dev.patchlane.app.cli.client.ServiceUnreachable;
import dev.patchlane.app.cli.client.UnexpectedAnswer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to a running service: its {@code --url} and {@code --token}, its output and its exit codes. Never starts Quarkus. */
abstract class ClientCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int REFUSED = 2;
    static final int UNAVAILABLE = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    /** Does the command's work against {@code client} and returns its exit code. */
    abstract int run(ServiceClient client) throws IOException, InterruptedException;

    @Override
    public final Integer call() {
        try {
            Optional<URI> base = service.baseUri();
            if (base.isEmpty()) {
                err().println("not an http(s) URL: " + service.value());
                return REFUSED;
            }
            Optional<String> token = service.token();
            if (token.isPresent() && !token.get().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                err().println("the token has characters no token has (spaces, control or non-ASCII characters); check --token or PATCHLANE_TOKEN");
                return REFUSED;
            }
            return run(new ServiceClient(base.get(), token.orElse(null)));
        } catch (ServiceUnreachable e) {
            err().println(e.getMessage());
            return UNAVAILABLE;
        } catch (UnexpectedAnswer e) {
            err().println(e.getMessage());
            return FAILED;
        } catch (NoSuchFileException e) {
            err().println("no such file: " + e.getFile());
            return REFUSED;
        } catch (IOException e) {
            err().println("cannot read input: " + e.getMessage());
            return REFUSED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err().println("interrupted");
            return FAILED;
        } finally {
            out().flush();
            err().flush();
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Explains an answer that is not a success and returns the exit code it deserves. */
    int failure(String request, Reply reply) {
        switch (reply.status()) {
            case 400, 413 -> {
                err().println(request + " refused: " + reply.error());
                reply.violations().forEach(v -> err().println("  " + v));
                return REFUSED;
            }
            case 401 -> {
                err().println(request + " refused: not authenticated (HTTP 401): " + reply.error());
                if (service.token().isEmpty()) {
                    err().println("  no token was sent; give one with --token <token> or PATCHLANE_TOKEN");
                }
                return REFUSED;
            }
            case 403 -> {
                err().println(request + " refused: not allowed (HTTP 403): " + reply.error());
                return REFUSED;
            }
            case 503 -> {
                err().println("the service is unavailable: " + reply.error());
                return UNAVAILABLE;
            }
            default -> {
                err().println(request + " answered HTTP " + reply.status() + ": " + reply.error());
                return FAILED;
            }
        }
    }
}
