package dev.patchlane.pipeline.access;

import static dev.patchlane.pipeline.access.Decisions.assertAllowed;
import static dev.patchlane.pipeline.access.Decisions.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.patchlane.pipeline.access.AccessDecision.Rule;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepositoryAccessConfigTest {

    private static Rules rules(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withMapping(RepositoryAccessConfig.class)
                .build();
        return Rules.from(config.getConfigMapping(RepositoryAccessConfig.class));
    }

    @Test
    void everyKeyMapsToItsRuleSet() {
        Rules rules = rules(Map.of(
                "patchlane.repositories.allow", "https://github.com/acme/*,https://gitlab.example.com/team/**",
                "patchlane.repositories.allow-local", "/srv/repos,/data/mirrors",
                "patchlane.repositories.tenants.\"acme\".allow", "ssh://git@github.com/acme-private/*",
                "patchlane.repositories.tenants.\"acme\".allow-ssh", "true",
                "patchlane.repositories.sources.\"ci-bot\".allow", "https://gitlab.corp.internal/ci/**",
                "patchlane.repositories.sources.\"ci-bot\".allow-private-hosts", "gitlab.corp.internal,10.0.0.0/8"));
        assertEquals(new RuleSet(List.of("https://github.com/acme/*", "https://gitlab.example.com/team/**"),
                List.of(Path.of("/srv/repos"), Path.of("/data/mirrors")), false, List.of()), rules.defaults());
        assertEquals(RuleSet.allowing("ssh://git@github.com/acme-private/*").withAllowSsh(true), rules.tenants().get("acme"));
        assertEquals(RuleSet.allowing("https://gitlab.corp.internal/ci/**").withAllowPrivateHosts("gitlab.corp.internal", "10.0.0.0/8"),
                rules.sources().get("ci-bot"));

        RepositoryAccessPolicy policy = new RepositoryAccessPolicy(rules, new FakeResolver()
                .answer("github.com", "140.82.112.3").answer("gitlab.corp.internal", "10.4.4.4"));
        assertAllowed(policy.check("git@github.com:acme-private/app.git", "acme", "api"));
        assertRefused(Rule.SSH_NOT_ALLOWED, policy.check("git@github.com:acme-private/app.git", "globex", "api"), "");
        assertAllowed(policy.check("https://gitlab.corp.internal/ci/app", null, "ci-bot"));
        assertRefused(Rule.PRIVATE_ADDRESS, policy.check("https://gitlab.corp.internal/ci/app", null, "api"), "");
    }

    @Test
    void noKeysMeanNothingIsAllowed() {
        Rules rules = rules(Map.of());
        assertEquals(Rules.none(), rules);
        assertRefused(Rule.NOT_ON_ALLOW_LIST, new RepositoryAccessPolicy(rules, new FakeResolver())
                .check("https://github.com/acme/app", "acme", "api"), "");
    }
}
