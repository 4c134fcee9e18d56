package dev.patchlane.app.cli;

import dev.patchlane.app.demo.DemoApplication;
import dev.patchlane.app.demo.DemoPlan;
import dev.patchlane.app.demo.DemoPlans;
import dev.patchlane.app.demo.PreparedDemo;
import dev.patchlane.ingest.auth.TokenGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the main job end to end on the embedded defaults.",
            "Starts every role on an embedded Kafka broker, creates a sample git repository with real defects (or uses --repo),",
            "submits a batch of jobs over HTTP, waits until every job is terminal and prints a summary.",
            "Generates an API token for the run (tenant demo, every scope), prints it and configures only its hash.",
            "Exits 0 only if every job reached a terminal state; with --dashboard it prints the dashboard's URL first and keeps",
            "serving it after the run until Ctrl-C."})
class DemoCommand implements Callable<Integer> {

    @Option(names = "--repo", description = "An existing local git repository to lint-fix instead of the generated sample.")
    Path repository;

    @Option(names = "--ref", defaultValue = "HEAD", description = "Base ref for --repo (default: ${DEFAULT-VALUE}).")
    String ref;

    @Option(names = "--jobs", defaultValue = "50", description = "How many jobs to submit for --repo (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait for every job (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--dashboard", description = "Print the live dashboard's URL before submitting, and keep serving it after the run until Ctrl-C.")
    boolean dashboard;

    @Override
    public Integer call() throws Exception {
        PreparedDemo prepared = DemoPlans.prepare(Launcher.dataDir(), repository, ref, jobs);
        DemoPlan plan = prepared.plan();
        System.setProperty("patchlane.demo.jobs-file", prepared.jobsFile().toString());
        if (prepared.scriptFile() != null) {
            System.setProperty("patchlane.emulator.script", prepared.scriptFile().toString());
        }
        System.setProperty("patchlane.demo.timeout", timeoutSeconds + "s");
        System.setProperty("patchlane.demo.dashboard", Boolean.toString(dashboard));
        System.setProperty("patchlane.publish.git.remote", prepared.remote().toString());
        // One fast reply in eight applies but breaks the build, so that verification has real failures to catch.
        System.setProperty("patchlane.lane.fast.emulator.faults.check-failure", "0.125");
        // Only the hash is configured; the token itself lives in this JVM and goes to the demo as its argument.
        String token = TokenGenerator.newToken();
        System.setProperty("patchlane.auth.tokens.demo.tenant", "demo");
        System.setProperty("patchlane.auth.tokens.demo.sha256", TokenGenerator.sha256Hex(token));
        System.setProperty("patchlane.auth.tokens.demo.scopes", "submit,read,cancel,admin");
        System.out.println("API token for this run (generated, not stored): " + token);
        // Nothing is allowed by default; the demo's tenant may name its one repository, no other path or URL.
        System.setProperty("patchlane.repositories.tenants.demo.allow-local", plan.repository().toAbsolutePath().toString());
        System.out.println("demo: tenant 'demo' may name only " + plan.repository().toAbsolutePath() + " (patchlane.repositories.*)");
        System.out.println(DemoSandbox.configure(plan.repository().toAbsolutePath().toString(), repository == null));
        System.out.printf("demo: %d jobs on %s, publishing to the bare remote %s and to patch files%n", plan.jobs().size(), plan.repository(),
                prepared.remote());
        return Launcher.run(DemoApplication.class, token);
    }
}
