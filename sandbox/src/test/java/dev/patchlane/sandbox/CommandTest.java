package dev.patchlane.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTest {

    @Test
    void keepsArgvAsGivenAndDisplaysItJoinedBySpaces() {
        Command command = Command.of("echo", "a; touch x", "$HOME");

        assertEquals(List.of("echo", "a; touch x", "$HOME"), command.argv());
        assertEquals("echo a; touch x $HOME", command.display());
    }

    @Test
    void shellLinesRunThroughBinSh() {
        assertEquals(List.of("/bin/sh", "-c", "make test | tee log"), Command.shell("make test | tee log").argv());
    }

    @Test
    void copiesTheArgvSoLaterChangesDoNotLeakIn() {
        List<String> argv = new ArrayList<>(List.of("ls"));
        Command command = new Command(argv);
        argv.add("/etc");

        assertEquals(List.of("ls"), command.argv());
        assertThrows(UnsupportedOperationException.class, () -> command.argv().add("-l"));
    }

    @Test
    void rejectsEmptyArgvAndEmptyProgram() {
        assertThrows(IllegalArgumentException.class, () -> new Command(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Command.of("", "x"));
        assertThrows(NullPointerException.class, () -> new Command(null));
    }

    @Test
    void rejectsNullAndNulArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Command(Arrays.asList("echo", null)));
        assertThrows(IllegalArgumentException.class, () -> Command.of("echo", "a\0b"));
        assertThrows(IllegalArgumentException.class, () -> Command.shell("true\0; rm -rf /"));
    }

    @Test
    void boundsArgumentLengthAndCount() {
        String longest = "a".repeat(Command.MAX_ARG_CHARS);
        assertEquals(2, Command.of("echo", longest).argv().size());
        assertThrows(IllegalArgumentException.class, () -> Command.of("echo", longest + "a"));

        List<String> most = new ArrayList<>(Collections.nCopies(Command.MAX_ARGS - 1, "x"));
        most.add(0, "echo");
        assertEquals(Command.MAX_ARGS, new Command(most).argv().size());
        most.add("x");
        assertThrows(IllegalArgumentException.class, () -> new Command(most));
    }
}
