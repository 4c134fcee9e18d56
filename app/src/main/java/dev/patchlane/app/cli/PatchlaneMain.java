package dev.patchlane.app.cli;

import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one binary: {@code serve} runs the pipeline, {@code demo} runs the main job end to end. */
@QuarkusMain
@Command(name = "patchlane", mixinStandardHelpOptions = true, version = "patchlane 0.1.0",
        description = "An event-driven pipeline for AI code-change jobs on Kafka.",
        subcommands = {ServeCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public class PatchlaneMain implements Runnable {

    public static void main(String... args) {
        System.exit(new CommandLine(new PatchlaneMain()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
