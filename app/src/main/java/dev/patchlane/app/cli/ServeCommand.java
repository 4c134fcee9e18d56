package dev.patchlane.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the pipeline service until stopped (Ctrl-C or SIGTERM).",
            "Roles: PATCHLANE_ROLES=all (default) or a comma list of ingest,router,fast-worker,deep-worker,sink;",
            "add emulator to also serve the decoder emulator over HTTP (patchlane.emulator.http.port, default 8000).",
            "Kafka: KAFKA_BOOTSTRAP_SERVERS, or an embedded broker under PATCHLANE_DATA_DIR (default ./.patchlane).",
            "HTTP: PATCHLANE_HTTP_PORT (default 8080): POST /jobs, GET /jobs, GET /jobs/{id}, /migrations, /q/health.",
            "Every API call needs Authorization: Bearer <token>; tokens are configured by hash (patchlane.auth.*, ./patchlane token).",
            "With none configured the service starts but answers every API call 401."})
class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return Launcher.run(null);
    }
}
