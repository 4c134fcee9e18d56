package dev.patchlane.app.cli;

import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one binary: {@code serve} runs the pipeline, {@code demo} runs the main job end to end; {@code submit},
 * {@code migrate} and {@code status} are clients of a running service and start neither Quarkus nor Kafka; {@code token}
 * makes an API token.
 */
@QuarkusMain
@Command(name = "patchlane", mixinStandardHelpOptions = true, version = "patchlane 0.1.0",
        description = "An event-driven pipeline for AI code-change jobs on Kafka.",
        subcommands = {ServeCommand.class, DemoCommand.class, EmulatorCommand.class, SubmitCommand.class, MigrateCommand.class, StatusCommand.class,
            TokenCommand.class, CommandLine.HelpCommand.class})
public class PatchlaneMain implements Runnable {

    public static void main(String... args) {
        System.exit(new CommandLine(new PatchlaneMain()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
