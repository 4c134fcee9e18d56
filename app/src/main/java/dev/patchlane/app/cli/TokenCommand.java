package dev.patchlane.app.cli;

import dev.patchlane.ingest.auth.AuthConfig;
import dev.patchlane.ingest.auth.Scope;
import dev.patchlane.ingest.auth.TokenGenerator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate an API token for a tenant: prints the token once, and the configuration that holds only its hash.",
            "Starts nothing and stores nothing; keep the token in a secret store and give it to the client as PATCHLANE_TOKEN."})
class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tenant", required = true, paramLabel = "<tenant>", description = "The tenant the token's jobs belong to.")
    String tenant;

    @Option(names = "--name", defaultValue = "token", paramLabel = "<name>", description = "A name for the token, for logs (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--scopes", required = true, split = ",", paramLabel = "<scope>",
            description = "What it may do, comma-separated: submit, read, cancel, admin (admin: every scope, every tenant).")
    List<String> scopes;

    @Override
    public Integer call() {
        if (!tenant.matches(AuthConfig.TENANT_PATTERN)) {
            throw new ParameterException(spec.commandLine(), "--tenant must match " + AuthConfig.TENANT_PATTERN);
        }
        if (!name.matches(AuthConfig.NAME_PATTERN)) {
            throw new ParameterException(spec.commandLine(), "--name must match " + AuthConfig.NAME_PATTERN);
        }
        List<String> roles = scopes.stream().map(s -> Scope.ofRole(s).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown scope '" + s + "'; the scopes are " + Scope.names())).role()).distinct().toList();
        String token = TokenGenerator.newToken();
        String hash = TokenGenerator.sha256Hex(token);
        var out = spec.commandLine().getOut();
        out.println("token (shown once, not stored): " + token);
        out.println("application.properties (or -D / environment):");
        out.println("  patchlane.auth.tokens." + name + ".tenant=" + tenant);
        out.println("  patchlane.auth.tokens." + name + ".sha256=" + hash);
        out.println("  patchlane.auth.tokens." + name + ".scopes=" + String.join(",", roles));
        out.println("or one line of patchlane.auth.tokens-file:");
        out.println("  " + name + " " + tenant + " " + hash + " " + String.join(",", roles));
        out.flush();
        return 0;
    }
}
