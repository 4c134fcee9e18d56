package dev.patchlane.sandbox.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksFileReaderTest {

    private static final String ORIGIN = ".patchlane.yml at 1a2b3c";
    private static final Duration MAX = Duration.ofMinutes(5);

    private static DeclaredChecks read(String yaml) {
        return ChecksFileReader.read(yaml, ORIGIN, MAX);
    }

    /** The refusal's message, checked to start with the origin and to name the problem. */
    private static String refusal(String yaml, String... expected) {
        ChecksFileException e = assertThrows(ChecksFileException.class, () -> read(yaml));
        String message = e.getMessage();
        assertTrue(message.startsWith(ORIGIN + ": "), message);
        for (String part : expected) {
            assertTrue(message.contains(part), () -> "expected \"" + part + "\" in: " + message);
        }
        return message;
    }

    private static String oneCheck(String body) {
        return "version: 1\nchecks:\n  - " + body.replace("\n", "\n    ") + "\n";
    }

    // ---- the happy path

    @Test
    void readsTheDocumentedExample() {
        DeclaredChecks checks = read("""
                version: 1
                checks:
                  - name: lint
                    run: ["sh", "checks/lint.sh"]        # argv: executed as is, never through a shell
                  - name: test
                    shell: "sh checks/test.sh | tail -5"  # only a check that says shell: runs through /bin/sh -c
                    timeout: 30s
                """);
        assertEquals(ORIGIN, checks.origin());
        assertEquals(List.of(
                new CheckDeclaration("lint", List.of("sh", "checks/lint.sh"), false, null),
                new CheckDeclaration("test", List.of("/bin/sh", "-c", "sh checks/test.sh | tail -5"), true,
                        Duration.ofSeconds(30))),
                checks.checks());
        assertEquals("sh checks/lint.sh", checks.checks().get(0).display());
        assertEquals("sh checks/test.sh | tail -5", checks.checks().get(1).display());
        assertFalse(checks.isEmpty());
    }

    @Test
    void keepsShellMetacharactersInRunAsLiteralArguments() {
        DeclaredChecks checks = read(oneCheck("name: echo\nrun: [\"echo\", \"a; rm -rf /\", \"$(id)\"]"));
        CheckDeclaration check = checks.checks().get(0);
        assertEquals(List.of("echo", "a; rm -rf /", "$(id)"), check.argv());
        assertFalse(check.shell());
    }

    @Test
    void runsAShellCheckAsBinShDashC() {
        CheckDeclaration check = read(oneCheck("name: t\nshell: \"make test && echo ok > /dev/null\"")).checks().get(0);
        assertEquals(List.of("/bin/sh", "-c", "make test && echo ok > /dev/null"), check.argv());
        assertTrue(check.shell());
        assertEquals("make test && echo ok > /dev/null", check.display());
    }

    @Test
    void readsBlockListsAndMultiLineShellScripts() {
        CheckDeclaration check = read(oneCheck("name: build\nshell: |\n  set -e\n  make\n")).checks().get(0);
        assertEquals("set -e\nmake\n", check.argv().get(2));
        CheckDeclaration block = read(oneCheck("name: build\nrun:\n  - make\n  - \"-j\"\n  - '4'")).checks().get(0);
        assertEquals(List.of("make", "-j", "4"), block.argv());
    }

    @Test
    void acceptsAnEmptyListOfChecks() {
        DeclaredChecks checks = read("version: 1\nchecks: []\n");
        assertTrue(checks.isEmpty());
        assertEquals(ORIGIN, checks.origin());
    }

    @ParameterizedTest
    @CsvSource({"30s, PT30S", "2m, PT2M", "1500ms, PT1.5S", "5m, PT5M", "1ms, PT0.001S"})
    void readsTimeouts(String text, Duration expected) {
        assertEquals(expected, read(oneCheck("name: t\nrun: [make]\ntimeout: " + text)).checks().get(0).timeout());
    }

    @Test
    void acceptsTheLimitsThemselves() {
        String items = IntStream.range(0, CheckRules.MAX_ARGS).mapToObj(i -> "a" + i).collect(Collectors.joining(", "));
        assertEquals(64, read(oneCheck("name: t\nrun: [" + items + "]")).checks().get(0).argv().size());
        assertEquals(4096, read(oneCheck("name: t\nrun: [" + "x".repeat(4096) + "]")).checks().get(0).argv().get(0).length());
        assertEquals(20, read(checksNamed(20)).checks().size());
        assertEquals("a".repeat(40), read(oneCheck("name: " + "a".repeat(40) + "\nrun: [x]")).checks().get(0).name());
    }

    @Test
    void acceptsAFileOfExactlyTheSizeLimit() {
        String head = oneCheck("name: t\nrun: [make]") + "# ";
        String text = head + "x".repeat(ChecksYaml.MAX_BYTES - head.length());
        assertEquals(ChecksYaml.MAX_BYTES, text.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(1, read(text).checks().size());
    }

    // ---- size, YAML features and structure

    @ParameterizedTest
    @ValueSource(ints = {64 * 1024 + 1, 65 * 1024 + 1, 4 * 1024 * 1024})
    void refusesAnOversizedFile(int bytes) {
        String head = "version: 1\nchecks: []\n# ";
        refusal(head + "x".repeat(bytes - head.length()), "larger than the limit of 64 KiB");
    }

    @Test
    void countsTheSizeInUtf8Bytes() {
        String text = "version: 1\nchecks: []\n# " + "é".repeat(40_000);
        assertTrue(text.length() < ChecksYaml.MAX_BYTES);
        refusal(text, "larger than the limit of 64 KiB");
    }

    @Test
    void refusesABillionLaughsAliasBombQuickly() {
        StringBuilder bomb = new StringBuilder("version: 1\nchecks: []\n");
        bomb.append("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            String previous = "*" + (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [").append(String.join(",", Collections.nCopies(9, previous)))
                    .append("]\n");
        }
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refusal(bomb.toString(), "YAML anchors (&a) are not accepted"));
    }

    @Test
    void refusesABombHiddenInsideACheck() {
        String yaml = oneCheck("name: t\nrun: &x [a, b]") + "  - name: u\n    run: *x\n";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refusal(yaml, "anchors", "not accepted"));
    }

    @Test
    void refusesASingleAnchorOrAlias() {
        refusal(oneCheck("name: &n lint\nrun: [make]"), "YAML anchors (&n) are not accepted", "line 3");
        refusal("version: 1\nchecks: *nothing\n", "not accepted");
    }

    @Test
    void refusesMergeKeys() {
        refusal("version: 1\nchecks: []\n<<: {version: 1}\n", "merge keys (<<) are not accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "version: 1\nchecks: []\nversion: 1\n",
            "version: 1\nchecks:\n  - name: a\n    run: [x]\n    name: b\n"})
    void refusesDuplicateKeys(String yaml) {
        refusal(yaml, "duplicate key ", "(line ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "!!java.lang.ProcessBuilder [[\"id\"]]\n",
            "version: 1\nchecks:\n  - !!java.lang.ProcessBuilder [[\"id\"]]\n",
            "version: 1\nchecks:\n  - name: t\n    run: !!java.lang.ProcessBuilder [\"id\"]\n",
            "version: !!java.lang.Runtime 1\nchecks: []\n",
            "version: 1\nchecks: !!python/object:os.system [id]\n",
            "version: 1\nchecks: !local []\n",
            "version: !!int 1\nchecks: []\n"})
    void refusesYamlTags(String yaml) {
        refusal(yaml, "YAML tags (", ") are not accepted");
    }

    @Test
    void namesTheRefusedTag() {
        refusal("version: 1\nchecks:\n  - !!java.lang.ProcessBuilder [[\"id\"]]\n", "!!java.lang.ProcessBuilder");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "{a: ", "[{a: "})
    void refusesDeeplyNestedFlowCollectionsQuickly(String opener) {
        String yaml = "version: 1\nchecks: " + opener.repeat(10_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refusal(yaml, "nesting is deeper than the limit of 8 levels"));
    }

    @Test
    void refusesBlockNestingPastTheBound() {
        StringBuilder yaml = new StringBuilder("version: 1\nchecks:\n");
        for (int depth = 1; depth <= 9; depth++) {
            yaml.append("  ".repeat(depth)).append("- \n");
        }
        refusal(yaml.toString(), "nesting is deeper");
    }

    @Test
    void refusesMoreThanOneDocument() {
        refusal("version: 1\nchecks: []\n---\nversion: 1\nchecks: []\n", "more than one YAML document");
    }

    @Test
    void refusesMalformedYaml() {
        refusal("version: 1\nchecks: [a, b\n", "not valid YAML", "line");
    }

    @Test
    void refusesARawNulCharacter() {
        refusal("version: 1\nchecks: []\n# \0\n", "not valid YAML: the character U+0000 at position 24 is not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n", "# only a comment\n", "---\n"})
    void refusesAnEmptyFile(String yaml) {
        refusal(yaml, "the file is empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "- version: 1|the top level must be a mapping|a list",
            "just text|the top level must be a mapping|\"just text\"",
            "42|the top level must be a mapping|42"})
    void refusesANonMappingTopLevel(String yaml, String problem, String kind) {
        refusal(yaml, problem, kind);
    }

    @Test
    void refusesAnUnknownTopLevelKey() {
        refusal("version: 1\nchecks: []\nsteps: []\n", "steps: unknown key; the keys are version, checks");
    }

    @Test
    void refusesAnUnknownCheckKey() {
        refusal(oneCheck("name: t\nrun: [make]\ntimout: 30s"), "checks[0].timout: unknown key; the keys are name, run, shell, timeout");
    }

    @Test
    void refusesANonTextKey() {
        refusal("version: 1\nchecks: []\n7: x\n", "unknown key 7 (integer); the keys are version, checks");
        refusal(oneCheck("name: t\nrun: [make]\n? [k]\n: v"), "checks[0]: unknown key a list; the keys are");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "version: 2|version: 2 is not supported; the only version is 1",
            "version: 0|version: 0 is not supported",
            "version: '1'|version: must be the number 1, got \"1\"",
            "version: 1.0|version: 1.0 is not supported",
            "version:|version: must be the number 1, got nothing"})
    void refusesAnyVersionButOne(String line, String problem) {
        refusal(line + "\nchecks: []\n", problem);
    }

    @Test
    void refusesAMissingVersion() {
        refusal("checks: []\n", "version: is missing");
    }

    @Test
    void refusesMissingChecks() {
        refusal("version: 1\n", "checks: is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"checks: {lint: make}", "checks: make", "checks:"})
    void refusesChecksThatAreNotAList(String line) {
        refusal("version: 1\n" + line + "\n", "checks: must be a list of checks");
    }

    @Test
    void refusesMoreThanTwentyChecks() {
        refusal(checksNamed(21), "checks: holds 21 checks, more than the limit of 20");
    }

    @Test
    void refusesACheckThatIsNotAMapping() {
        refusal("version: 1\nchecks:\n  - lint\n", "checks[0]: must be a mapping with name and run or shell");
    }

    // ---- each check

    @Test
    void refusesBothRunAndShell() {
        refusal(oneCheck("name: t\nrun: [make]\nshell: make"), "checks[0]: has both run and shell; give exactly one");
    }

    @Test
    void refusesNeitherRunNorShell() {
        refusal(oneCheck("name: t\ntimeout: 30s"), "checks[0]: has neither run nor shell; give exactly one");
    }

    @Test
    void refusesRunGivenAsAString() {
        refusal(oneCheck("name: t\nrun: \"sh x\""), "checks[0].run: must be a list of arguments", "shell: instead");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run: []", "run: [ ]"})
    void refusesAnEmptyArgv(String line) {
        refusal(oneCheck("name: t\n" + line), "checks[0].run: is empty");
    }

    @Test
    void refusesAnEmptyArgument() {
        refusal(oneCheck("name: t\nrun: [make, \"\"]"), "checks[0].run[1]: must not be empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run: [make, 4]", "run: [make, yes]", "run: [make, ~]", "run: [[make]]", "run: [{a: b}]"})
    void refusesArgumentsThatAreNotStrings(String line) {
        refusal(oneCheck("name: t\n" + line), "checks[0].run[", "must be a string");
    }

    @Test
    void refusesMoreThanSixtyFourArguments() {
        String items = IntStream.range(0, 65).mapToObj(i -> "a" + i).collect(Collectors.joining(", "));
        refusal(oneCheck("name: t\nrun: [" + items + "]"), "checks[0].run: holds 65 arguments, more than the limit of 64");
    }

    @Test
    void refusesANulByteInAnArgument() {
        refusal(oneCheck("name: t\nrun: [\"make\", \"a\\0b\"]"), "checks[0].run[1]: contains a NUL byte");
    }

    @Test
    void refusesANulByteInAShellLine() {
        refusal(oneCheck("name: t\nshell: \"make\\0; id\""), "checks[0].shell: contains a NUL byte");
    }

    @Test
    void refusesAnArgumentOverTheLengthLimit() {
        refusal(oneCheck("name: t\nrun: [make, " + "x".repeat(4097) + "]"),
                "checks[0].run[1]: is 4097 characters long, more than the limit of 4096");
    }

    @Test
    void refusesAShellLineOverTheLengthLimit() {
        refusal(oneCheck("name: t\nshell: " + "x".repeat(4097)), "checks[0].shell: is 4097 characters long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shell: \"\"", "shell:", "shell: [make]", "shell: 7"})
    void refusesAShellThatIsNotALine(String line) {
        refusal(oneCheck("name: t\n" + line), "checks[0].shell: must");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"../x\"", "Lint", "\"\"", "\"-x\"", "\"a b\"", "\"a/b\"", "\"lint\\n\"", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void refusesABadName(String name) {
        refusal(oneCheck("name: " + name + "\nrun: [make]"), "checks[0].name: ", "is not a valid name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name: 7", "name:", "name: [a]"})
    void refusesANameThatIsNotText(String line) {
        refusal(oneCheck(line + "\nrun: [make]"), "checks[0].name: must be a string");
    }

    @Test
    void refusesAMissingName() {
        refusal(oneCheck("run: [make]"), "checks[0].name: is missing");
    }

    @Test
    void refusesDuplicateNames() {
        refusal(oneCheck("name: lint\nrun: [a]") + "  - name: test\n    run: [b]\n  - name: lint\n    shell: c\n",
                "checks[2].name: \"lint\" is a duplicate: checks[0] has the same name");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0s|0s is not positive",
            "0ms|0ms is not positive",
            "-1s|-1s is not positive",
            "abc|\"abc\" is not a duration; write e.g. 30s, 2m or 1500ms",
            "1.5s|\"1.5s\" is not a duration",
            "30 s|\"30 s\" is not a duration",
            "30|30 (integer) is not a duration; write it with a unit",
            "10m|10m is above the limit of 5m",
            "301s|301s is above the limit of 5m",
            "1h|1h is above the limit of 5m",
            "9999999999s|is not a duration"})
    void refusesBadTimeouts(String text, String problem) {
        refusal(oneCheck("name: t\nrun: [make]\ntimeout: " + text), "checks[0].timeout: ", problem);
    }

    @Test
    void refusesAnEmptyTimeout() {
        refusal(oneCheck("name: t\nrun: [make]\ntimeout:"), "checks[0].timeout: nothing is not a duration");
    }

    @Test
    void namesTheFieldOfTheSecondCheck() {
        String yaml = oneCheck("name: lint\nrun: [a]") + "  - name: test\n    shell: b\n    timeout: 10m\n";
        assertEquals(ORIGIN + ": checks[1].timeout: 10m is above the limit of 5m", refusal(yaml));
    }

    @Test
    void leavesTheTimeoutToTheOperatorWhenAbsent() {
        assertNull(read(oneCheck("name: t\nrun: [make]")).checks().get(0).timeout());
    }

    private static String checksNamed(int count) {
        StringBuilder yaml = new StringBuilder("version: 1\nchecks:\n");
        for (int i = 0; i < count; i++) {
            yaml.append("  - name: c").append(i).append("\n    run: [make]\n");
        }
        return yaml.toString();
    }
}
