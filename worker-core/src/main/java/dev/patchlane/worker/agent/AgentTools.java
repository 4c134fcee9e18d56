package dev.patchlane.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.codebase.safety.SafetyPolicy;
import dev.patchlane.codebase.safety.SecretRedactor;
import dev.patchlane.codebase.safety.SecretRedactor.Redaction;
import dev.patchlane.codebase.safety.SecretScanner;
import dev.patchlane.codebase.workspace.Checkout;
import dev.patchlane.codebase.workspace.SearchHit;
import dev.patchlane.contracts.CheckResult;
import dev.patchlane.contracts.DocumentSchema;
import dev.patchlane.contracts.Json;
import dev.patchlane.decoding.ToolCall;
import dev.patchlane.decoding.ToolSpec;
import dev.patchlane.sandbox.checks.CheckDeclaration;
import dev.patchlane.sandbox.checks.DeclaredChecks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The function tools the deep model works with, over one checkout. Every argument is untrusted: it is checked against
 * the tool's schema, and every path goes through the same rules as a patch's. Every reply passes {@link SecretRedactor}
 * on its way out; file text is redacted whole before it is cut into parts or hits, so a private key's lines are known
 * as such wherever a part or a hit begins.
 */
final class AgentTools {

    static final String READ_FILE = "read_file";
    static final String LIST_FILES = "list_files";
    static final String SEARCH = "search";
    static final String WRITE_FILE = "write_file";
    static final String APPLY_DIFF = "apply_diff";
    static final String RUN_CHECK = "run_check";
    static final String FINISH = "finish";

    private static final int LIST_LIMIT = 500;
    private static final int SEARCH_HITS = 100;
    private static final String[] UNREADABLE = new String[0];

    private final Checkout checkout;
    private final SafetyPolicy policy;
    private final Map<String, CheckDeclaration> checks;
    private final Function<CheckDeclaration, CheckResult> runCheck;
    private final AgentSettings settings;
    private final Map<String, Tool> tools = new LinkedHashMap<>();

    AgentTools(Checkout checkout, SafetyPolicy policy, DeclaredChecks declared, Function<CheckDeclaration, CheckResult> runCheck,
            AgentSettings settings) {
        this.checkout = checkout;
        this.policy = policy;
        this.checks = declared.checks().stream().collect(Collectors.toMap(CheckDeclaration::name, c -> c, (a, b) -> a, LinkedHashMap::new));
        this.runCheck = runCheck;
        this.settings = settings;
        add(READ_FILE, "Read a text file of the repository as it is now in the workspace; a long file is returned in parts: "
                + "give start_line to read on.", object().set("properties", props("path", string(1024), "start_line", positive())), List.of("path"));
        add(LIST_FILES, "List the repository's files under a directory (\"\" for the root).",
                object().set("properties", props("directory", string(1024))), List.of());
        add(SEARCH, "Find a literal text in the repository's text files; answers path:line: text.",
                object().set("properties", props("text", string(200), "directory", string(1024))), List.of("text"));
        add(WRITE_FILE, "Create or replace a file with the given content.",
                object().set("properties", props("path", string(1024), "content", string(1_048_576))), List.of("path", "content"));
        add(APPLY_DIFF, "Apply a git-style unified diff to the workspace's current files.",
                object().set("properties", props("diff", string(1_048_576))), List.of("diff"));
        if (!checks.isEmpty()) {
            ObjectNode name = Json.mapper().createObjectNode().put("type", "string");
            ArrayNode names = name.putArray("enum");
            checks.keySet().forEach(names::add);
            add(RUN_CHECK, "Run one of the repository's declared checks on the workspace as it is now; answers its status and the end of its output. Checks: "
                    + String.join(", ", checks.keySet()) + ".", object().set("properties", props("name", name)), List.of("name"));
        }
        ObjectNode outcome = Json.mapper().createObjectNode().put("type", "string");
        outcome.putArray("enum").add("patch").add("no_change").add("give_up");
        add(FINISH, "End the task: outcome patch (the workspace's changes are the result), no_change, or give_up, with a summary.",
                object().set("properties", props("outcome", outcome, "summary", string(4000))), List.of("outcome", "summary"));
    }

    List<ToolSpec> specs() {
        return tools.values().stream().map(Tool::spec).toList();
    }

    ToolReply call(ToolCall call) {
        Tool tool = tools.get(call.name());
        if (tool == null) {
            return ToolReply.refused("unknown tool '" + bounded(call.name(), 60) + "'; the tools are " + String.join(", ", tools.keySet()));
        }
        JsonNode arguments;
        try {
            arguments = Json.mapper().readTree(call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments());
        } catch (Exception e) {
            return ToolReply.refused("the arguments of " + call.name() + " are not JSON: " + bounded(e.getMessage(), 200));
        }
        List<String> violations = tool.schema().violations(arguments);
        if (!violations.isEmpty()) {
            return ToolReply.refused("the arguments of " + call.name() + " break its schema: " + String.join("; ", violations));
        }
        ToolReply reply;
        try {
            reply = dispatch(call.name(), arguments);
        } catch (RuntimeException e) {
            // Paths outside the repository, patches that break the policy or do not apply: the model is told and may try again.
            reply = ToolReply.refused(bounded(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), 2000));
        }
        // check output and error messages can quote repository lines too, and the note goes into the stored trail
        return new ToolReply(redacted(reply.content()), reply.ok(), redacted(reply.note()), reply.finish());
    }

    /** What the trail shows of a call's arguments: the path, the check, or sizes, never whole contents. */
    static String summary(ToolCall call) {
        try {
            JsonNode arguments = Json.mapper().readTree(call.arguments());
            if (!arguments.isObject()) {
                return bounded(call.arguments(), 80);
            }
            StringBuilder text = new StringBuilder();
            arguments.fields().forEachRemaining(field -> {
                String value = field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString();
                boolean bulky = field.getKey().equals("content") || field.getKey().equals("diff") || value.length() > 120;
                text.append(text.isEmpty() ? "" : ", ").append(field.getKey()).append('=')
                        .append(bulky ? value.length() + " chars" : value);
            });
            return bounded(text.toString(), 300);
        } catch (Exception e) {
            return "unparsable arguments (" + (call.arguments() == null ? 0 : call.arguments().length()) + " chars)";
        }
    }

    private ToolReply dispatch(String name, JsonNode arguments) {
        return switch (name) {
            case READ_FILE -> read(arguments.get("path").asText(), arguments.path("start_line").asInt(1));
            case LIST_FILES -> {
                List<String> files = checkout.list(arguments.path("directory").asText(""), LIST_LIMIT);
                yield ToolReply.ok(files.isEmpty() ? "(no files)" : String.join("\n", files), files.size() + " files");
            }
            case SEARCH -> {
                String literal = arguments.get("text").asText();
                Map<String, String[]> redactedLines = new HashMap<>();
                List<String> hits = new ArrayList<>();
                for (SearchHit hit : checkout.search(literal, arguments.path("directory").asText(""), SEARCH_HITS)) {
                    hitText(hit, literal, redactedLines).ifPresent(text -> hits.add(hit.path() + ":" + hit.line() + ": " + text));
                }
                yield ToolReply.ok(hits.isEmpty() ? "(no match)" : String.join("\n", hits), hits.size() + " hits");
            }
            case WRITE_FILE -> {
                String path = arguments.get("path").asText();
                if (SecretRedactor.holdsMarker(arguments.get("content").asText())) {
                    yield ToolReply.refused("the content holds a " + SecretRedactor.MARKER_PREFIX + "...] marker, which stands for a secret "
                            + "you were not shown; writing it would replace the secret. Change the file with apply_diff, leaving the "
                            + "marked lines out of its hunks");
                }
                checkout.write(path, arguments.get("content").asText(), policy);
                yield ToolReply.ok("wrote " + path, "wrote " + path);
            }
            case APPLY_DIFF -> {
                List<String> paths = checkout.applyDiff(arguments.get("diff").asText(), policy).paths();
                yield ToolReply.ok("applied; changed " + String.join(", ", paths), "changed " + paths.size() + " files");
            }
            case RUN_CHECK -> {
                CheckResult result = runCheck.apply(checks.get(arguments.get("name").asText()));
                yield ToolReply.ok("check " + result.name() + ": " + result.status() + (result.exitCode() >= 0 ? " (exit " + result.exitCode() + ")" : "")
                        + " in " + result.durationMs() + " ms" + (result.reason() == null ? "" : ": " + result.reason()) + "\n" + result.outputTail(),
                        result.name() + " " + result.status());
            }
            case FINISH -> {
                Finish finish = new Finish(Finish.Kind.parse(arguments.get("outcome").asText()), arguments.get("summary").asText());
                yield new ToolReply("finished", true, finish.kind().name().toLowerCase(java.util.Locale.ROOT), finish);
            }
            default -> throw new IllegalStateException("no dispatch for " + name);
        };
    }

    private ToolReply read(String path, int startLine) {
        Optional<String> text = checkout.read(path, settings.readMaxBytes());
        if (text.isEmpty()) {
            return ToolReply.refused("no such file: " + path);
        }
        String content = redacted(text.get());
        if (startLine == 1 && content.length() <= settings.resultMaxChars()) {
            return ToolReply.ok(content, content.length() + " chars");
        }
        return ToolReply.ok(FilePart.of(content, startLine, settings.resultMaxChars() - 200).render(), "part from line " + startLine);
    }

    /**
     * A hit's text, or, where redacting the whole file changed its line, a window of that line redacted; empty when the
     * literal is found only inside a secret, since showing such hits would let searches spell the secret out.
     */
    private Optional<String> hitText(SearchHit hit, String literal, Map<String, String[]> redactedLines) {
        String[] changed = redactedLines.computeIfAbsent(hit.path(), this::changedLines);
        if (changed == UNREADABLE) {
            return Optional.empty();
        }
        String line = hit.line() <= changed.length ? changed[hit.line() - 1] : null;
        if (line == null) {
            return Optional.of(hit.text());
        }
        int at = line.indexOf(literal);
        if (at < 0) {
            return Optional.empty();
        }
        int start = Math.max(0, Math.min(at - Checkout.MAX_HIT_CHARS / 4, line.length() - Checkout.MAX_HIT_CHARS));
        return Optional.of(line.substring(start, Math.min(line.length(), start + Checkout.MAX_HIT_CHARS)));
    }

    /** The lines of the redacted file, null where redacting left a line as it was; empty when it changed nothing. */
    private String[] changedLines(String path) {
        String raw;
        try {
            raw = checkout.read(path, (int) Checkout.MAX_SEARCHED_FILE_BYTES).orElse("");
        } catch (RuntimeException e) {
            // a file that cannot be redacted whole shows no hits: a line alone cannot tell whether it is inside a key
            return UNREADABLE;
        }
        Redaction redaction = SecretRedactor.redact(raw);
        if (!redaction.changed()) {
            return new String[0];
        }
        String[] before = raw.split("\n", -1);
        String[] after = redaction.text().split("\n", -1);
        for (int i = 0; i < after.length; i++) {
            after[i] = i < before.length && after[i].equals(before[i]) ? null : stripCarriageReturn(after[i]);
        }
        return after;
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String redacted(String text) {
        return SecretRedactor.redact(text).text();
    }

    private static ObjectNode positive() {
        return Json.mapper().createObjectNode().put("type", "integer").put("minimum", 1);
    }

    private void add(String name, String description, ObjectNode schema, List<String> required) {
        ArrayNode list = schema.putArray("required");
        required.forEach(list::add);
        schema.put("additionalProperties", false);
        tools.put(name, new Tool(new ToolSpec(name, description, schema), DocumentSchema.compile(schema)));
    }

    private static ObjectNode object() {
        return Json.mapper().createObjectNode().put("type", "object");
    }

    private static ObjectNode string(int maxLength) {
        return Json.mapper().createObjectNode().put("type", "string").put("maxLength", maxLength);
    }

    private static ObjectNode props(Object... nameThenSchema) {
        ObjectNode properties = Json.mapper().createObjectNode();
        for (int i = 0; i < nameThenSchema.length; i += 2) {
            properties.set((String) nameThenSchema[i], (JsonNode) nameThenSchema[i + 1]);
        }
        return properties;
    }

    static String bounded(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }

    private record Tool(ToolSpec spec, DocumentSchema schema) {
    }
}
