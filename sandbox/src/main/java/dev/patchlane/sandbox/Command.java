package dev.patchlane.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A program and its arguments, handed to exec as they are: never through a shell unless {@link #shell} says so.
 *
 * @param argv the program (looked up on the sandbox's PATH when it has no slash) followed by its arguments
 */
public record Command(List<String> argv) {

    public static final int MAX_ARGS = 256;
    public static final int MAX_ARG_CHARS = 8192;

    public Command {
        Objects.requireNonNull(argv, "argv");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs a program to run");
        }
        if (argv.size() > MAX_ARGS) {
            throw new IllegalArgumentException("a command has at most " + MAX_ARGS + " arguments, not " + argv.size());
        }
        List<String> copy = new ArrayList<>(argv.size());
        for (int i = 0; i < argv.size(); i++) {
            copy.add(checked(argv.get(i), i));
        }
        if (copy.get(0).isEmpty()) {
            throw new IllegalArgumentException("a command's program name is empty");
        }
        argv = List.copyOf(copy);
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv));
    }

    /** For commands an operator or repository explicitly declared as a shell line. */
    public static Command shell(String line) {
        return new Command(List.of("/bin/sh", "-c", Objects.requireNonNull(line, "line")));
    }

    /** The arguments joined by spaces, for reports: not meant to be parsed back. */
    public String display() {
        return String.join(" ", argv);
    }

    private static String checked(String arg, int index) {
        if (arg == null) {
            throw new IllegalArgumentException("argument " + index + " is null");
        }
        if (arg.length() > MAX_ARG_CHARS) {
            throw new IllegalArgumentException("argument " + index + " is longer than " + MAX_ARG_CHARS + " characters");
        }
        if (arg.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("argument " + index + " contains a NUL character");
        }
        return arg;
    }
}
