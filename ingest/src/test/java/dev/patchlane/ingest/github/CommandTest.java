package dev.patchlane.ingest.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.contracts.JobKind;
import dev.patchlane.contracts.Lane;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTest {

    private static final String PREFIX = "/patchlane";

    private static Command parse(String body) {
        return Command.parse(body, PREFIX).orElseThrow();
    }

    @Test
    void fixNamesAnIssueJobAndItsPath() {
        assertEquals(new Command("fix", JobKind.ISSUE, null, List.of("a/b.java")), parse("/patchlane fix a/b.java"));
    }

    @ParameterizedTest
    @CsvSource({"fix,ISSUE,", "lint,LINT_FIX,", "tests,TEST_GENERATION,", "deep,ISSUE,DEEP"})
    void eachVerbHasItsKindAndLane(String verb, JobKind kind, Lane lane) {
        Command command = parse("/patchlane " + verb);
        assertEquals(verb, command.verb());
        assertEquals(kind, command.kind());
        assertEquals(lane, command.lane());
        assertEquals(List.of(), command.paths());
    }

    @Test
    void unknownVerbHasNoKind() {
        Command command = parse("/patchlane refactor a.java");
        assertEquals("refactor", command.verb());
        assertNull(command.kind());
    }

    @Test
    void longUnknownVerbIsCut() {
        assertEquals(40, Command.forVerb("x".repeat(500)).verb().length());
    }

    @Test
    void prefixAloneIsACommandWithoutVerb() {
        Command command = parse("/patchlane");
        assertEquals("", command.verb());
        assertNull(command.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "please fix this",
            "/patchlanefix a.java",
            "x /patchlane fix a.java",
            "`/patchlane fix a.java`",
            "Thanks!\n/patchlane fix a.java",
            "/patchlane-bot fix a.java"})
    void noCommandUnlessTheFirstLineStartsWithThePrefix(String body) {
        assertEquals(Optional.empty(), Command.parse(body, PREFIX));
    }

    @Test
    void leadingBlankLinesAndTrailingTextAreAllowed() {
        Command command = parse("\n\n  /patchlane   lint   src/A.java  \nsee the CI log for src/B.java");
        assertEquals(JobKind.LINT_FIX, command.kind());
        assertEquals(List.of("src/A.java"), command.paths());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../../x", "/etc/passwd", ".git/config", "a/.GIT/x", "a/.Git", "a\\b", "./a", "a//b", "a/",
            "a\u0001b", "a\u007fb", "a\u001bb"})
    void hostilePathsAreDropped(String path) {
        assertEquals(List.of("ok.java"), parse("/patchlane fix " + path + " ok.java").paths());
    }

    @Test
    void pathsAreDistinctAndAtMostTwenty() {
        String many = IntStream.range(0, 30).mapToObj(i -> "f" + i + ".java").collect(Collectors.joining(" "));
        List<String> paths = parse("/patchlane fix a.java a.java " + many).paths();
        assertEquals(20, paths.size());
        assertEquals("a.java", paths.get(0));
        assertEquals(paths.stream().distinct().toList(), paths);
    }

    @Test
    void pathWithDotsInsideANameIsKept() {
        assertTrue(parse("/patchlane fix a..b/c.d.java").paths().contains("a..b/c.d.java"));
    }

    @Test
    void anotherPrefixIsHonoured() {
        assertEquals(JobKind.TEST_GENERATION, Command.parse("!bot tests", "!bot").orElseThrow().kind());
    }
}
