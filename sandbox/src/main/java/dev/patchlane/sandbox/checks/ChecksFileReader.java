package dev.patchlane.sandbox.checks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchlane.contracts.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the checks a repository declares in {@code .patchlane.yml}, text that anyone who can push to the repository
 * controls, so everything not in the format is refused.
 */
public final class ChecksFileReader {

    public static final String FILE_NAME = ".patchlane.yml";
    public static final int MAX_CHECKS = 20;

    private static final List<String> TOP_KEYS = List.of("version", "checks");
    private static final List<String> CHECK_KEYS = List.of("name", "run", "shell", "timeout");

    private ChecksFileReader() {
    }

    /**
     * The checks in {@code yamlText}.
     *
     * @param origin where the text came from, e.g. {@code ".patchlane.yml at 1a2b3c"}; it starts every refusal's message
     * @param maxTimeout the longest timeout a check may ask for
     * @throws ChecksFileException naming the field and the problem when the text is not a valid checks file
     */
    public static DeclaredChecks read(String yamlText, String origin, Duration maxTimeout) {
        Objects.requireNonNull(yamlText, "yamlText");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        Object document = ChecksYaml.load(yamlText, origin);
        List<CheckDeclaration> checks;
        try {
            checks = checks(document, maxTimeout);
        } catch (CheckRuleException e) {
            throw new ChecksFileException(origin + ": " + e.getMessage());
        }
        JsonNode tree = Json.mapper().valueToTree(document);
        List<String> violations = ChecksSchema.violations(tree);
        if (!violations.isEmpty()) {
            throw new ChecksFileException(origin + ": does not match " + ChecksSchema.FILE + ": "
                    + String.join("; ", violations));
        }
        return new DeclaredChecks(checks, origin);
    }

    private static List<CheckDeclaration> checks(Object document, Duration maxTimeout) {
        if (document == null) {
            throw new CheckRuleException(null, "the file is empty; it must declare version: 1 and checks");
        }
        if (!(document instanceof Map<?, ?> top)) {
            throw new CheckRuleException(null, "the top level must be a mapping with version and checks, not "
                    + CheckRules.describe(document));
        }
        onlyKnownKeys(null, top, TOP_KEYS);
        version(top);
        if (!top.containsKey("checks")) {
            throw new CheckRuleException("checks", "is missing; list the checks to run");
        }
        if (!(top.get("checks") instanceof List<?> items)) {
            throw new CheckRuleException("checks", "must be a list of checks, got " + CheckRules.describe(top.get("checks")));
        }
        if (items.size() > MAX_CHECKS) {
            throw new CheckRuleException("checks", "holds " + items.size() + " checks, more than the limit of " + MAX_CHECKS);
        }
        List<CheckDeclaration> checks = new ArrayList<>(items.size());
        Map<String, Integer> indexByName = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            CheckDeclaration check = check("checks[" + i + "]", items.get(i), maxTimeout);
            Integer earlier = indexByName.putIfAbsent(check.name(), i);
            if (earlier != null) {
                throw new CheckRuleException("checks[" + i + "].name", "\"" + check.name() + "\" is a duplicate: checks["
                        + earlier + "] has the same name");
            }
            checks.add(check);
        }
        return checks;
    }

    private static void version(Map<?, ?> top) {
        if (!top.containsKey("version")) {
            throw new CheckRuleException("version", "is missing; write version: 1");
        }
        Object version = top.get("version");
        if (version instanceof Integer number && number == 1) {
            return;
        }
        if (version instanceof Number) {
            throw new CheckRuleException("version", version + " is not supported; the only version is 1");
        }
        throw new CheckRuleException("version", "must be the number 1, got " + CheckRules.describe(version));
    }

    private static CheckDeclaration check(String field, Object item, Duration maxTimeout) {
        if (!(item instanceof Map<?, ?> entry)) {
            throw new CheckRuleException(field, "must be a mapping with name and run or shell, got "
                    + CheckRules.describe(item));
        }
        onlyKnownKeys(field, entry, CHECK_KEYS);
        if (!entry.containsKey("name")) {
            throw new CheckRuleException(field + ".name", "is missing");
        }
        String name = CheckRules.name(field + ".name", entry.get("name"));
        boolean run = entry.containsKey("run");
        boolean shell = entry.containsKey("shell");
        if (run == shell) {
            throw new CheckRuleException(field, (run ? "has both run and shell" : "has neither run nor shell")
                    + "; give exactly one: run: [argv...] or shell: \"command line\"");
        }
        List<String> argv = run ? CheckRules.argv(field + ".run", entry.get("run"))
                : CheckDeclaration.shellArgv(CheckRules.shellLine(field + ".shell", entry.get("shell")));
        Duration timeout = entry.containsKey("timeout")
                ? CheckRules.timeout(field + ".timeout", entry.get("timeout"), maxTimeout) : null;
        return new CheckDeclaration(name, argv, shell, timeout);
    }

    /** Refuses any key not in {@code known}; {@code field} is the mapping's own field, null for the top level. */
    private static void onlyKnownKeys(String field, Map<?, ?> mapping, List<String> known) {
        for (Object key : mapping.keySet()) {
            if (key instanceof String text && known.contains(text)) {
                continue;
            }
            String allowed = "; the keys are " + String.join(", ", known);
            if (key instanceof String text) {
                String prefix = field == null ? "" : field + ".";
                throw new CheckRuleException(prefix + CheckRules.printable(text), "unknown key" + allowed);
            }
            throw new CheckRuleException(field, "unknown key " + CheckRules.describe(key) + allowed);
        }
    }
}
