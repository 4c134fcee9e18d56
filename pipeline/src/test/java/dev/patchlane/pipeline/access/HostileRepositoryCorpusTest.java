package dev.patchlane.pipeline.access;

import static dev.patchlane.pipeline.access.AccessDecision.Rule.MALFORMED;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.NOT_ON_ALLOW_LIST;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.PRIVATE_ADDRESS;
import static dev.patchlane.pipeline.access.Decisions.assertAllowed;
import static dev.patchlane.pipeline.access.Decisions.assertDetailIsSafe;
import static dev.patchlane.pipeline.access.Decisions.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.pipeline.access.AccessDecision.Allowed;
import dev.patchlane.pipeline.access.AccessDecision.Refused;
import java.io.IOException;
import java.net.IDN;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostileRepositoryCorpusTest {

    private static final String PREFIX = "https://github.com/acme/";

    private final FakeResolver resolver = new FakeResolver().answer("github.com", "140.82.112.3");
    private final RepositoryAccessPolicy policy = new RepositoryAccessPolicy(
            Rules.of(RuleSet.allowing("https://github.com/acme/*", "https://github.com/deep/**")), resolver);

    private AccessDecision check(String repository) {
        return policy.check(repository, "acme", "api");
    }

    @Test
    void theLongestAllowedLengthPassesAndOneMoreIsMalformed() {
        String longest = PREFIX + "a".repeat(RepositoryParser.MAX_LENGTH - PREFIX.length());
        assertEquals(longest, assertAllowed(check(longest)));
        Refused refused = assertRefused(MALFORMED, check(longest + "a"), "2049 characters");
        assertTrue(refused.detail().contains("2049"), refused.detail());
        assertRefused(MALFORMED, check(PREFIX + "\ud83d\ude00".repeat(2100)), "2124 code points");
    }

    @ParameterizedTest
    @ValueSource(ints = {10_000, 1_000_000})
    void hugeInputIsRefusedQuicklyWithAShortDetail(int length) {
        Refused refused = assertRefused(MALFORMED, check(PREFIX + "a".repeat(length)), "huge");
        assertTrue(refused.detail().length() < 400, refused.detail());
    }

    @Test
    void manySegmentsAreMatchedWithoutBlowingUp() {
        String deep = "https://github.com/deep/" + "a/".repeat(900) + "repo.git";
        assertEquals(deep, assertAllowed(check(deep)));
        assertRefused(NOT_ON_ALLOW_LIST, check("https://github.com/acme/" + "a/".repeat(900) + "repo"), "one segment only");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://github.com/acme/app\u0000",
            "\u0000https://github.com/acme/app",
            "/srv/repos\u0000/../etc",
            "https://github.com/acme/app\r\nHost: evil.example",
            "https://github.com/acme/app\r",
            "https://github.com/acme/app\u0085",
            "https://github.com/acme/app\u2028x",
            "https://github.com/acme/\u200bapp",
            "https://git\u00adhub.com/acme/app",
            "https://github.com/acme/\u202eppa",
            "https://github.com/acme/app\ud800",
            "https://github.com/acme/app\t",
            "\thttps://github.com/acme/app",
            "https://github.com/acme/app\u3000",
            "git@github.com:acme/app\n--upload-pack=x"})
    void controlAndInvisibleCharactersAreMalformedAndNeverEchoedRaw(String repository) {
        assertRefused(MALFORMED, check(repository), repository);
    }

    @Test
    void aHomoglyphHostIsJustAnotherHostResolvedInPunycode() {
        String homoglyph = "g\u0456thub.com";
        String ascii = IDN.toASCII(homoglyph);
        assertTrue(ascii.startsWith("xn--"), ascii);
        assertRefused(NOT_ON_ALLOW_LIST, check("https://" + homoglyph + "/acme/app"), "not github.com");
        assertEquals(List.of(), resolver.lookups);

        FakeResolver answers = new FakeResolver().answer(ascii, "203.0.113.9");
        RepositoryAccessPolicy lookalike = new RepositoryAccessPolicy(Rules.of(RuleSet.allowing("https://" + homoglyph + "/acme/*")), answers);
        assertEquals("https://" + ascii + "/acme/app", assertAllowed(lookalike.check("https://" + homoglyph.toUpperCase() + "/acme/app", null, null)));
        assertEquals(List.of(ascii), answers.lookups);

        answers.answer(ascii, "192.168.0.10");
        assertRefused(PRIVATE_ADDRESS, lookalike.check("https://" + homoglyph + "/acme/app", null, null), "resolves privately");
    }

    static Stream<String> corpus() {
        List<String> corpus = new ArrayList<>(List.of(
                "https://github.com/acme/app", "https://github.com/acme/app.git", "http://github.com/acme/app",
                "ssh://git@github.com/acme/app", "git@github.com:acme/app.git", "github.com:acme/app",
                "https://gitlab.example.com/team/x", "https://github.com/deep/a/b/c",
                "file:///etc", "/etc", "/", "/tmp", "/srv/repos/app", "repo", ".", "..", "~", "ext::sh -c id",
                "https://127.0.0.1/acme/app", "https://[::1]/acme/app", "https://localhost/acme/app",
                "https://user:pw@github.com/acme/app", "git://github.com/acme/app", "\\\\server\\share\\repo"));
        Random random = new Random(20260117L);
        String[] fragments = {"https://", "http://", "ssh://", "git@", "file:", "::", ":", "/", "//", "..", ".", "%2e", "%2f",
                "%00", "@", "[", "]", "::1", "127.0.0.1", "0x7f", "github.com", "acme", "*", "?", "#", "\\", "~", " ", "\u0456",
                "\u3002", "\uff0e", ".git", "localhost", "-", "%25", "0", "ext", "\n"};
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder();
            int parts = 1 + random.nextInt(10);
            for (int j = 0; j < parts; j++) {
                s.append(fragments[random.nextInt(fragments.length)]);
            }
            corpus.add(s.toString());
        }
        return corpus.stream();
    }

    @Test
    void anyInputEndsInADecisionAndOnlyMatchingUrlsAreAllowed() {
        corpus().forEach(repository -> {
            AccessDecision decision = check(repository);
            if (decision instanceof Allowed allowed) {
                assertTrue(allowed.canonical().startsWith(PREFIX) || allowed.canonical().startsWith("https://github.com/deep/"),
                        () -> repository + " allowed as " + allowed.canonical());
                assertEquals(decision, check(allowed.canonical()), "the canonical spelling is itself allowed, unchanged");
            } else {
                assertDetailIsSafe(assertInstanceOf(Refused.class, decision));
            }
        });
    }

    @Test
    void anEmptyConfigurationRefusesEverything() {
        FakeResolver everythingPublic = new FakeResolver().answer("github.com", "140.82.112.3").answer("gitlab.example.com", "140.82.112.4");
        RepositoryAccessPolicy empty = new RepositoryAccessPolicy(Rules.none(), everythingPublic);
        corpus().forEach(repository -> {
            for (String source : new String[] {null, "api", "cli", "github", "migration", "ci-bot", "demo"}) {
                AccessDecision decision = empty.check(repository, "acme", source);
                assertDetailIsSafe(assertInstanceOf(Refused.class, decision, () -> repository + " was allowed"));
            }
        });
        assertEquals(List.of(), everythingPublic.lookups, "nothing matched, so nothing was resolved");
    }

    @Test
    void anEmptyConfigurationRefusesAnExistingLocalRepository(@TempDir Path tmp) throws IOException {
        Path repo = Files.createDirectories(tmp.resolve("app/.git")).getParent();
        for (String tenant : new String[] {null, "acme"}) {
            for (String source : new String[] {null, "api", "cli", "github", "migration", "ci-bot", "demo"}) {
                assertFalse(new RepositoryAccessPolicy(Rules.none(), resolver).check(repo.toString(), tenant, source).isAllowed());
            }
        }
    }
}
