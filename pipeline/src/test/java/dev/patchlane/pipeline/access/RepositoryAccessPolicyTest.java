package dev.patchlane.pipeline.access;

import static dev.patchlane.pipeline.access.AccessDecision.Rule.CREDENTIALS_IN_URL;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.FILE_SCHEME;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.LOCAL_PATH_NOT_ALLOWED;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.MALFORMED;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.NOT_ON_ALLOW_LIST;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.PATH_TRAVERSAL;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.PRIVATE_ADDRESS;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.SSH_NOT_ALLOWED;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.TRANSPORT_HELPER;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.UNRESOLVABLE_HOST;
import static dev.patchlane.pipeline.access.AccessDecision.Rule.UNSUPPORTED_SCHEME;
import static dev.patchlane.pipeline.access.Decisions.assertAllowed;
import static dev.patchlane.pipeline.access.Decisions.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.patchlane.pipeline.access.AccessDecision.Refused;
import dev.patchlane.pipeline.access.AccessDecision.Rule;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryAccessPolicyTest {

    private static final String GITHUB = "140.82.112.3";

    private final FakeResolver resolver = new FakeResolver()
            .answer("github.com", GITHUB)
            .answer("gitlab.example.com", "203.0.113.10");

    private final Rules rules = Rules.of(RuleSet.allowing(
                    "https://github.com/acme/*",
                    "https://github.com/acme-lib/lib.git",
                    "https://gitlab.example.com/team/**",
                    "https://gone.example.org/**")
            .withAllowLocal(Path.of("/srv/repos")));

    private AccessDecision check(String repository) {
        return new RepositoryAccessPolicy(rules, resolver).check(repository, "acme", "api");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            https://github.com/acme/app                       | https://github.com/acme/app
            https://github.com/acme/app.git                   | https://github.com/acme/app.git
            HTTPS://GitHub.COM/acme/app.git                   | https://github.com/acme/app.git
            https://github.com:443/acme/app/                  | https://github.com/acme/app
            https://github.com./acme/./app                    | https://github.com/acme/app
            https://github.com/acme/%61pp                     | https://github.com/acme/app
            https://github.com/acme-lib/lib                   | https://github.com/acme-lib/lib
            https://github.com/acme-lib/lib.git               | https://github.com/acme-lib/lib.git
            https://gitlab.example.com/team/repo              | https://gitlab.example.com/team/repo
            https://gitlab.example.com/team/group/sub/repo.git| https://gitlab.example.com/team/group/sub/repo.git
            https://gitlab.example.com/team                   | https://gitlab.example.com/team
            """)
    void httpsMatchingAPatternIsAllowedInItsCanonicalSpelling(String repository, String canonical) {
        assertEquals(canonical, assertAllowed(check(repository)));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                // MALFORMED
                refused(MALFORMED, ""),
                refused(MALFORMED, "   "),
                refused(MALFORMED, " https://github.com/acme/app"),
                refused(MALFORMED, "https://github.com/acme/app "),
                refused(MALFORMED, "https://github.com/acme/app\n"),
                refused(MALFORMED, "https://github.com/acme/a\u0000pp"),
                refused(MALFORMED, "https://github.com/acme/app\u202e"),
                refused(MALFORMED, "https://github.com/acme/app?ref=main"),
                refused(MALFORMED, "https://github.com/acme/app#readme"),
                refused(MALFORMED, "https://github.com:99999/acme/app"),
                refused(MALFORMED, "https://github.com:/acme/app"),
                refused(MALFORMED, "https://github.com:x/acme/app"),
                refused(MALFORMED, "https:///acme/app"),
                refused(MALFORMED, "https://git hub.com/acme/app"),
                refused(MALFORMED, "https://github.com/acme/a b"),
                refused(MALFORMED, "https://github.com/acme//app"),
                refused(MALFORMED, "https://github.com/acme/%zz"),
                refused(MALFORMED, "https://github.com/acme%2fevil/app"),
                refused(MALFORMED, "https://github.com/acme/app%0d%0a"),
                refused(CREDENTIALS_IN_URL, "https://github.com\\@evil.example/acme/app"),
                refused(MALFORMED, "https://exa_mple.com/acme/app"),
                refused(MALFORMED, "https://-github.com/acme/app"),
                refused(MALFORMED, "https://[::1/acme/app"),
                refused(MALFORMED, "https://[fe80::1%25eth0]/acme/app"),
                refused(MALFORMED, "https://1.2.3.4.5/acme/app"),
                refused(MALFORMED, "https://999.1.1.1/acme/app"),
                refused(MALFORMED, "ssh://-oProxyCommand=touch%20x/acme/app"),
                refused(MALFORMED, "-oProxyCommand=touch x"),
                refused(MALFORMED, "--upload-pack=touch /tmp/x"),
                refused(MALFORMED, "git@github.com:acme/app;id"),
                refused(MALFORMED, "git@github.com:"),
                refused(MALFORMED, "a".repeat(2049)),
                // FILE_SCHEME
                refused(FILE_SCHEME, "file:///etc"),
                refused(FILE_SCHEME, "FILE:///etc/passwd"),
                refused(FILE_SCHEME, "File://localhost/srv/repos/app"),
                refused(FILE_SCHEME, "file:/srv/repos/app"),
                refused(FILE_SCHEME, "file:relative"),
                // TRANSPORT_HELPER
                refused(TRANSPORT_HELPER, "ext::sh -c touch% /tmp/pwned"),
                refused(TRANSPORT_HELPER, "fd::17"),
                refused(TRANSPORT_HELPER, "EXT::ssh -o ProxyCommand=x host"),
                refused(TRANSPORT_HELPER, "xyz::https://github.com/acme/app"),
                refused(TRANSPORT_HELPER, "https::github.com/acme/app"),
                refused(TRANSPORT_HELPER, "file::/etc"),
                refused(TRANSPORT_HELPER, "::/etc"),
                // CREDENTIALS_IN_URL
                refused(CREDENTIALS_IN_URL, "https://user:pw@github.com/acme/app.git"),
                refused(CREDENTIALS_IN_URL, "https://ghp_abcdef0123456789@github.com/acme/app"),
                refused(CREDENTIALS_IN_URL, "https://x-access-token:ghs_secret@github.com/acme/app"),
                refused(CREDENTIALS_IN_URL, "http://u:p@github.com/acme/app"),
                refused(CREDENTIALS_IN_URL, "https://github.com@evil.example/acme/app"),
                refused(CREDENTIALS_IN_URL, "ssh://git:secret@github.com/acme/app"),
                refused(CREDENTIALS_IN_URL, "git:secret@github.com:acme/app"),
                refused(CREDENTIALS_IN_URL, "ftp://anon:pw@github.com/acme/app"),
                // UNSUPPORTED_SCHEME
                refused(UNSUPPORTED_SCHEME, "git://github.com/acme/app"),
                refused(UNSUPPORTED_SCHEME, "ftp://github.com/acme/app"),
                refused(UNSUPPORTED_SCHEME, "git+ssh://git@github.com/acme/app"),
                refused(UNSUPPORTED_SCHEME, "rsync://github.com/acme/app"),
                refused(UNSUPPORTED_SCHEME, "http://github.com/acme/app"),
                refused(UNSUPPORTED_SCHEME, "javascript:alert(1)"),
                refused(UNSUPPORTED_SCHEME, "mailto:a@b.example"),
                refused(UNSUPPORTED_SCHEME, "https:github.com/acme/app"),
                refused(UNSUPPORTED_SCHEME, "C:\\repos\\app"),
                // SSH_NOT_ALLOWED
                refused(SSH_NOT_ALLOWED, "ssh://git@github.com/acme/app"),
                refused(SSH_NOT_ALLOWED, "ssh://github.com:2222/acme/app"),
                refused(SSH_NOT_ALLOWED, "git@github.com:acme/app.git"),
                refused(SSH_NOT_ALLOWED, "github.com:acme/app.git"),
                // PRIVATE_ADDRESS, numeric in every spelling and by name
                refused(PRIVATE_ADDRESS, "http://127.0.0.1/acme/app"),
                refused(PRIVATE_ADDRESS, "http://2130706433/acme/app"),
                refused(PRIVATE_ADDRESS, "https://0x7f.1/acme/app"),
                refused(PRIVATE_ADDRESS, "https://0x7F000001/acme/app"),
                refused(PRIVATE_ADDRESS, "https://0177.0.0.1/acme/app"),
                refused(PRIVATE_ADDRESS, "https://127.1/acme/app"),
                refused(PRIVATE_ADDRESS, "https://127.0.0.1./acme/app"),
                refused(PRIVATE_ADDRESS, "https://\uff11\uff12\uff17\u3002\uff10\u3002\uff10\u3002\uff11/acme/app"),
                refused(PRIVATE_ADDRESS, "https://[::1]/acme/app"),
                refused(PRIVATE_ADDRESS, "http://[::ffff:127.0.0.1]/acme/app"),
                refused(PRIVATE_ADDRESS, "https://[::ffff:7f00:1]/acme/app"),
                refused(PRIVATE_ADDRESS, "https://[::127.0.0.1]/acme/app"),
                refused(PRIVATE_ADDRESS, "https://[::ffff:0:a00:1]/acme/app"),
                refused(PRIVATE_ADDRESS, "https://[64:ff9b::a9fe:a9fe]/acme/app"),
                refused(PRIVATE_ADDRESS, "https://[2002:c0a8:101::1]/acme/app"),
                refused(PRIVATE_ADDRESS, "https://10.0.0.1/acme/app"),
                refused(PRIVATE_ADDRESS, "https://172.16.5.4/acme/app"),
                refused(PRIVATE_ADDRESS, "https://172.31.255.255/acme/app"),
                refused(PRIVATE_ADDRESS, "https://192.168.1.1/acme/app"),
                refused(PRIVATE_ADDRESS, "https://169.254.169.254/latest/meta-data"),
                refused(PRIVATE_ADDRESS, "https://100.64.0.1/acme/app"),
                refused(PRIVATE_ADDRESS, "https://100.127.255.254/acme/app"),
                refused(PRIVATE_ADDRESS, "https://0.0.0.0/acme/app"),
                refused(PRIVATE_ADDRESS, "https://0/acme/app"),
                refused(PRIVATE_ADDRESS, "https://0.1.2.3/acme/app"),
                refused(PRIVATE_ADDRESS, "https://224.0.0.1/acme/app"),
                refused(PRIVATE_ADDRESS, "https://255.255.255.255/acme/app"),
                refused(PRIVATE_ADDRESS, "https://[::]/acme/app"),
                refused(PRIVATE_ADDRESS, "https://[ff02::1]/acme/app"),
                refused(PRIVATE_ADDRESS, "https://[fd12:3456::1]/acme/app"),
                refused(PRIVATE_ADDRESS, "https://[fc00::1]/acme/app"),
                refused(PRIVATE_ADDRESS, "https://[fe80::1]/acme/app"),
                refused(PRIVATE_ADDRESS, "https://localhost/acme/app"),
                refused(PRIVATE_ADDRESS, "https://LOCALHOST./acme/app"),
                refused(PRIVATE_ADDRESS, "https://repo.localhost/acme/app"),
                refused(PRIVATE_ADDRESS, "https://nas.local/acme/app"),
                refused(PRIVATE_ADDRESS, "https://gitlab.corp.internal/team/app"),
                refused(PRIVATE_ADDRESS, "https://gitlab/team/app"),
                refused(PRIVATE_ADDRESS, "git@localhost:acme/app"),
                refused(PRIVATE_ADDRESS, "ssh://git@[::1]/acme/app"),
                // UNRESOLVABLE_HOST: on the allow list, but not in DNS
                refused(UNRESOLVABLE_HOST, "https://gone.example.org/acme/app"),
                // PATH_TRAVERSAL
                refused(PATH_TRAVERSAL, "https://github.com/acme/../evil/app"),
                refused(PATH_TRAVERSAL, "https://github.com/acme/app/.."),
                refused(PATH_TRAVERSAL, "https://github.com/acme/%2e%2e/evil"),
                refused(PATH_TRAVERSAL, "https://github.com/acme/%2E%2e/evil"),
                refused(PATH_TRAVERSAL, "https://github.com/acme/.%2e/evil"),
                refused(PATH_TRAVERSAL, "https://github.com/acme/%252e%252e/evil"),
                refused(PATH_TRAVERSAL, "https://github.com/acme/..;/evil"),
                refused(PATH_TRAVERSAL, "https://github.com/acme/x%2f..%2fevil"),
                refused(PATH_TRAVERSAL, "git@github.com:acme/../evil"),
                refused(PATH_TRAVERSAL, "/srv/repos/../../etc"),
                refused(PATH_TRAVERSAL, "/srv/repos/%2e%2e/etc"),
                refused(PATH_TRAVERSAL, "../repo"),
                // LOCAL_PATH_NOT_ALLOWED
                refused(LOCAL_PATH_NOT_ALLOWED, "/etc"),
                refused(LOCAL_PATH_NOT_ALLOWED, "/"),
                refused(LOCAL_PATH_NOT_ALLOWED, "/srv/repos-evil/app"),
                refused(LOCAL_PATH_NOT_ALLOWED, "//etc/passwd"),
                refused(LOCAL_PATH_NOT_ALLOWED, "repo"),
                refused(LOCAL_PATH_NOT_ALLOWED, "./repo"),
                refused(LOCAL_PATH_NOT_ALLOWED, "~/repo"),
                refused(LOCAL_PATH_NOT_ALLOWED, "some/dir"),
                // NOT_ON_ALLOW_LIST
                refused(NOT_ON_ALLOW_LIST, "https://github.com/other/app"),
                refused(NOT_ON_ALLOW_LIST, "https://github.com/ACME/app"),
                refused(NOT_ON_ALLOW_LIST, "https://github.com/acme"),
                refused(NOT_ON_ALLOW_LIST, "https://github.com/acme/app/tree/main"),
                refused(NOT_ON_ALLOW_LIST, "https://github.com:8443/acme/app"),
                refused(NOT_ON_ALLOW_LIST, "https://github.com/acme-lib/other"),
                refused(NOT_ON_ALLOW_LIST, "https://gitlab.example.com/other/repo"),
                refused(NOT_ON_ALLOW_LIST, "https://evil.example/acme/app"),
                refused(NOT_ON_ALLOW_LIST, "https://github.com.evil.example/acme/app"),
                refused(NOT_ON_ALLOW_LIST, "https://g\u0456thub.com/acme/app"),
                refused(NOT_ON_ALLOW_LIST, "https://8.8.8.8/acme/app"),
                refused(NOT_ON_ALLOW_LIST, "https://github.com"),
                refused(NOT_ON_ALLOW_LIST, "https://github.com/"),
                // the brief's numeric tricks, with no path at all
                refused(PRIVATE_ADDRESS, "http://2130706433/"),
                refused(PRIVATE_ADDRESS, "http://0x7f.1/"),
                refused(PRIVATE_ADDRESS, "http://[::ffff:127.0.0.1]/"),
                refused(PRIVATE_ADDRESS, "https://localhost"));
    }

    private static Arguments refused(Rule rule, String repository) {
        return Arguments.of(rule, repository);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void eachFormIsRefusedByItsMostSpecificRule(Rule rule, String repository) {
        assertRefused(rule, check(repository), repository);
        if (rule != UNRESOLVABLE_HOST) {
            assertEquals(List.of(), resolver.lookups, "no DNS lookup for a repository refused before one");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://user:pw@github.com/acme/app.git",
            "https://ghp_abcdef0123456789@github.com/acme/app",
            "https://x-access-token:ghs_secret@github.com/acme/app",
            "ssh://git:pw@github.com/acme/app",
            "git:pw@github.com:acme/app",
            "https://u:p/w@github.com/acme/app",
            "ftp://anon:pw@github.com/acme/app",
            "https://github.com/acme/app?access_token=ghp_abcdef0123456789",
            "https://user:pw@github.com/acme/app\n",
            "xyz::https://user:pw@github.com/acme/app"})
    void aRefusalNeverEchoesAPasswordOrToken(String repository) {
        Refused refused = (Refused) check(repository);
        for (String secret : List.of(":pw", "ghp_abcdef", "ghs_secret", "user:", "p/w")) {
            assertFalse(refused.detail().contains(secret), refused.detail());
        }
        assertTrue(refused.detail().contains("github.com"), refused.detail());
    }

    @Test
    void theDetailNamesTheRuleAndWhatMatched() {
        Refused refused = assertRefused(FILE_SCHEME, check("file:///etc"), "file:///etc");
        assertTrue(refused.detail().startsWith("FILE_SCHEME: 'file:///etc'"), refused.detail());
        Refused notListed = assertRefused(NOT_ON_ALLOW_LIST, check("https://github.com/other/app"), "");
        assertTrue(notListed.detail().contains("https://github.com/other/app") && notListed.detail().contains("the defaults"), notListed.detail());
    }

    @Test
    void aHostWithAPublicAndAPrivateAddressIsRefused() {
        resolver.answer("github.com", GITHUB, "10.0.0.7");
        Refused refused = assertRefused(PRIVATE_ADDRESS, check("https://github.com/acme/app"), "");
        assertTrue(refused.detail().contains("10.0.0.0/8"), refused.detail());
        assertFalse(refused.detail().contains("10.0.0.7"), "the internal address itself is not disclosed");
        assertEquals(List.of("github.com"), resolver.lookups);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "::ffff:169.254.169.254", "::7f00:1", "fd00::2", "0.0.0.0", "::", "ff02::1", "100.64.1.1"})
    void aHostResolvingToAPrivateAddressInAnyFormIsRefused(String address) {
        resolver.answer("github.com", address);
        assertRefused(PRIVATE_ADDRESS, check("https://github.com/acme/app"), address);
    }

    @Test
    void aHostWithNoAddressesOrAFailingResolverIsUnresolvable() {
        resolver.answer("github.com");
        assertRefused(UNRESOLVABLE_HOST, check("https://github.com/acme/app"), "");
        HostResolver failing = host -> {
            throw new SecurityException("no lookups");
        };
        assertRefused(UNRESOLVABLE_HOST, new RepositoryAccessPolicy(rules, failing).check("https://github.com/acme/app", null, null), "");
    }

    @Test
    void aHostIsResolvedOnlyOncePerCheck() {
        Rules twoSets = rules.withTenant("acme", RuleSet.allowing("https://github.com/acme/*"));
        resolver.answer("github.com", "10.0.0.7");
        assertRefused(PRIVATE_ADDRESS, new RepositoryAccessPolicy(twoSets, resolver).check("https://github.com/acme/app", "acme", null), "");
        assertEquals(List.of("github.com"), resolver.lookups);
    }

    @Test
    void allowPrivateHostsAdmitsAnInternalGitLabByNameOrByRange() {
        FakeResolver internal = new FakeResolver()
                .answer("gitlab.corp.internal", "10.1.2.3")
                .answer("git.example.com", "10.9.0.5", "192.168.4.4")
                .answer("mixed.example.com", "10.9.0.5", "172.16.0.1");
        Rules withPrivate = Rules.of(RuleSet.allowing(
                        "https://gitlab.corp.internal/team/**",
                        "https://git.example.com/**",
                        "https://mixed.example.com/**",
                        "https://10.1.2.3/team/*",
                        "https://[fd00::5]/team/*")
                .withAllowPrivateHosts("gitlab.corp.internal", "10.9.0.0/16", "192.168.4.4", "10.1.2.3", "fd00::/8"));
        RepositoryAccessPolicy policy = new RepositoryAccessPolicy(withPrivate, internal);
        assertEquals("https://gitlab.corp.internal/team/app", assertAllowed(policy.check("https://gitlab.corp.internal/team/app", null, null)));
        assertAllowed(policy.check("https://git.example.com/team/app", null, null));
        assertEquals("https://10.1.2.3/team/app", assertAllowed(policy.check("https://10.1.2.3/team/app", null, null)));
        assertEquals("https://[fd00:0:0:0:0:0:0:5]/team/app", assertAllowed(policy.check("https://[fd00::5]/team/app", null, null)));
        assertRefused(PRIVATE_ADDRESS, policy.check("https://mixed.example.com/team/app", null, null), "172.16.0.1 is not listed");
        assertRefused(PRIVATE_ADDRESS, policy.check("https://10.1.2.4/team/app", null, null), "not listed");
        assertRefused(PRIVATE_ADDRESS, policy.check("https://other.corp.internal/team/app", null, null), "not listed by name");
    }

    @Test
    void theAnyAddressAndMulticastAreRefusedEvenWhenListed() {
        RepositoryAccessPolicy policy = new RepositoryAccessPolicy(Rules.of(
                RuleSet.allowing("https://0.0.0.0/**", "https://224.0.0.1/**", "https://zero.example.com/**")
                        .withAllowPrivateHosts("0.0.0.0/0", "::/0", "zero.example.com")),
                new FakeResolver().answer("zero.example.com", "0.0.0.0"));
        assertRefused(PRIVATE_ADDRESS, policy.check("https://0.0.0.0/a/b", null, null), "");
        assertRefused(PRIVATE_ADDRESS, policy.check("https://224.0.0.1/a/b", null, null), "");
        assertRefused(PRIVATE_ADDRESS, policy.check("https://zero.example.com/a/b", null, null), "");
    }

    @Test
    void aTenantsPatternDoesNotGrantAnotherTenant() {
        Rules tenants = Rules.none()
                .withTenant("acme", RuleSet.allowing("https://github.com/acme/*"))
                .withTenant("globex", RuleSet.allowing("https://github.com/globex/*"));
        RepositoryAccessPolicy policy = new RepositoryAccessPolicy(tenants, resolver);
        assertAllowed(policy.check("https://github.com/acme/app", "acme", "api"));
        assertAllowed(policy.check("https://github.com/globex/app", "globex", "api"));
        assertRefused(NOT_ON_ALLOW_LIST, policy.check("https://github.com/acme/app", "globex", "api"), "");
        assertRefused(NOT_ON_ALLOW_LIST, policy.check("https://github.com/acme/app", null, "api"), "");
        assertRefused(NOT_ON_ALLOW_LIST, policy.check("https://github.com/acme/app", "ACME", "api"), "tenant names are exact");
    }

    @Test
    void aSourceRuleAppliesToThatSourceOnly() {
        Rules sources = Rules.of(RuleSet.allowing("https://github.com/acme/*"))
                .withSource("migration", RuleSet.allowing("https://gitlab.example.com/legacy/**"));
        RepositoryAccessPolicy policy = new RepositoryAccessPolicy(sources, resolver);
        assertAllowed(policy.check("https://gitlab.example.com/legacy/a/b", "acme", "migration"));
        assertAllowed(policy.check("https://github.com/acme/app", "acme", "migration"));
        assertRefused(NOT_ON_ALLOW_LIST, policy.check("https://gitlab.example.com/legacy/a/b", "acme", "api"), "");
        assertRefused(NOT_ON_ALLOW_LIST, policy.check("https://gitlab.example.com/legacy/a/b", "acme", null), "");
    }

    @Test
    void sshIsAllowedOnlyWithAllowSshAndAnSshPattern() {
        RuleSet ssh = RuleSet.allowing("ssh://git@github.com/acme/*", "ssh://gitlab.example.com:2222/team/**", "https://github.com/https-only/*");
        RepositoryAccessPolicy on = new RepositoryAccessPolicy(Rules.of(ssh.withAllowSsh(true)), resolver);
        assertEquals("ssh://git@github.com/acme/app.git", assertAllowed(on.check("ssh://git@github.com/acme/app.git", null, null)));
        assertEquals("ssh://git@github.com/acme/app.git", assertAllowed(on.check("ssh://git@github.com:22/acme/app.git", null, null)));
        assertEquals("git@github.com:acme/app.git", assertAllowed(on.check("git@github.com:acme/app.git", null, null)));
        assertEquals("git@github.com:acme/app", assertAllowed(on.check("git@GitHub.com:acme/app", null, null)));
        assertAllowed(on.check("ssh://deploy@gitlab.example.com:2222/team/x/y", null, null));
        assertRefused(NOT_ON_ALLOW_LIST, on.check("gitlab.example.com:team/x", null, null), "scp-like is port 22, the pattern 2222");
        assertRefused(NOT_ON_ALLOW_LIST, on.check("ssh://deploy@github.com/acme/app", null, null), "the pattern names user git");
        assertRefused(NOT_ON_ALLOW_LIST, on.check("ssh://git@github.com/https-only/app", null, null), "an https pattern does not admit ssh");
        assertRefused(NOT_ON_ALLOW_LIST, on.check("https://github.com/acme/app", null, null), "an ssh pattern does not admit https");
        RepositoryAccessPolicy off = new RepositoryAccessPolicy(Rules.of(ssh), resolver);
        assertRefused(SSH_NOT_ALLOWED, off.check("ssh://git@github.com/acme/app.git", null, null), "");
        assertRefused(SSH_NOT_ALLOWED, off.check("git@github.com:acme/app.git", null, null), "");
        RepositoryAccessPolicy tenantOnly = new RepositoryAccessPolicy(Rules.none().withTenant("acme", ssh.withAllowSsh(true)), resolver);
        assertAllowed(tenantOnly.check("git@github.com:acme/app.git", "acme", null));
        assertRefused(SSH_NOT_ALLOWED, tenantOnly.check("git@github.com:acme/app.git", "globex", null), "");
    }

    @Test
    void plainHttpNeedsAnHttpPattern() {
        RepositoryAccessPolicy policy = new RepositoryAccessPolicy(
                Rules.of(RuleSet.allowing("http://gitlab.example.com/mirror/*", "https://github.com/acme/*")), resolver);
        assertEquals("http://gitlab.example.com/mirror/app", assertAllowed(policy.check("http://gitlab.example.com:80/mirror/app", null, null)));
        assertRefused(NOT_ON_ALLOW_LIST, policy.check("https://gitlab.example.com/mirror/app", null, null), "");
        assertRefused(NOT_ON_ALLOW_LIST, policy.check("http://github.com/acme/app", null, null), "an http pattern exists, but not for it");
        assertRefused(UNSUPPORTED_SCHEME, new RepositoryAccessPolicy(Rules.of(RuleSet.allowing("https://github.com/acme/*")), resolver)
                .check("http://github.com/acme/app", null, null), "");
    }

    @Test
    void patternsMatchSegmentsAndGlobsWithinOne() {
        RepositoryAccessPolicy policy = new RepositoryAccessPolicy(Rules.of(RuleSet.allowing(
                "https://github.com/acme/service-*", "https://github.com/**/shared/*.git", "https://gitlab.example.com/**/**/x")), resolver);
        assertAllowed(policy.check("https://github.com/acme/service-a", null, null));
        assertAllowed(policy.check("https://github.com/acme/service-", null, null));
        assertRefused(NOT_ON_ALLOW_LIST, policy.check("https://github.com/acme/service", null, null), "");
        assertRefused(NOT_ON_ALLOW_LIST, policy.check("https://github.com/acme/app-service-a", null, null), "");
        assertAllowed(policy.check("https://github.com/shared/lib", null, null));
        assertAllowed(policy.check("https://github.com/a/b/c/shared/lib.git", null, null));
        assertAllowed(policy.check("https://gitlab.example.com/x", null, null));
        assertAllowed(policy.check("https://gitlab.example.com/a/b/c/x.git", null, null));
        String deep = "https://gitlab.example.com/" + "a/".repeat(900) + "y";
        assertRefused(NOT_ON_ALLOW_LIST, policy.check(deep, null, null), "many segments, no match");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ftp://github.com/acme/*              | patchlane.repositories.allow
            git@github.com:acme/*                | patchlane.repositories.allow
            https://github.com/acme**/x          | patchlane.repositories.allow
            https://user:pw@github.com/acme/*    | patchlane.repositories.allow
            https://github.com/acme/../x         | patchlane.repositories.allow
            https://github.com                   | patchlane.repositories.allow
            """)
    void aBadPatternIsAConfigurationErrorNamingItsKey(String pattern, String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RepositoryAccessPolicy(Rules.of(RuleSet.allowing(pattern)), resolver));
        assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
        assertFalse(e.getMessage().contains(":pw"), e.getMessage());
    }

    @Test
    void aBadRootOrPrivateHostIsAConfigurationErrorNamingItsKey() {
        IllegalArgumentException root = assertThrows(IllegalArgumentException.class, () -> new RepositoryAccessPolicy(
                Rules.none().withTenant("acme", RuleSet.none().withAllowLocal(Path.of("repos"))), resolver));
        assertTrue(root.getMessage().startsWith("patchlane.repositories.tenants.\"acme\".allow-local: "), root.getMessage());
        for (String entry : List.of("10.0.0.0/33", "10.0.0.0/x", "10.0.0/8", "not a host", "fd00::/129", "0x7f.1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RepositoryAccessPolicy(
                    Rules.none().withSource("ci-bot", RuleSet.none().withAllowPrivateHosts(entry)), resolver), entry);
            assertTrue(e.getMessage().startsWith("patchlane.repositories.sources.\"ci-bot\".allow-private-hosts: "), e.getMessage());
        }
    }
}
