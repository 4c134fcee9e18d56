package dev.patchlane.sandbox.checks;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Loads untrusted YAML into plain maps, lists and scalars: bounded in size and depth, one document, and no anchors,
 * aliases, merge keys, tags or duplicate keys.
 */
final class ChecksYaml {

    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_DEPTH = 8;

    private static final String STANDARD_TAG_PREFIX = "tag:yaml.org,2002:";

    private ChecksYaml() {
    }

    /** The document's value, or null when it holds none (empty, or only comments). */
    static Object load(String text, String origin) {
        if (!fits(text)) {
            throw new ChecksFileException(origin + ": the file is larger than the limit of 64 KiB (" + MAX_BYTES
                    + " bytes of UTF-8)");
        }
        try {
            screen(text, origin);
            return new Yaml(new SafeConstructor(limits())).load(text);
        } catch (DuplicateKeyException e) {
            throw new ChecksFileException(origin + ": " + e.getProblem().replaceFirst("^found ", "") + at(e.getProblemMark()));
        } catch (YAMLException e) {
            throw new ChecksFileException(origin + ": not valid YAML: " + describe(e));
        }
    }

    /**
     * Walks the event stream, which expands nothing, so an alias bomb or a deep nest is refused after its first few
     * events, before anything is built.
     */
    private static void screen(String text, String origin) {
        int depth = 0;
        int documents = 0;
        for (Event event : new Yaml(new SafeConstructor(limits())).parse(new StringReader(text))) {
            if (event instanceof AliasEvent alias) {
                throw refused(origin, event, "YAML aliases (*" + alias.getAnchor() + ") are not accepted");
            }
            if (event instanceof NodeEvent node && node.getAnchor() != null) {
                throw refused(origin, event, "YAML anchors (&" + node.getAnchor() + ") are not accepted");
            }
            String tag = event instanceof ScalarEvent scalar ? scalar.getTag()
                    : event instanceof CollectionStartEvent collection ? collection.getTag() : null;
            if (tag != null) {
                throw refused(origin, event, "YAML tags (" + shortTag(tag) + ") are not accepted");
            }
            if (event instanceof ScalarEvent scalar && scalar.isPlain() && scalar.getValue().equals("<<")) {
                throw refused(origin, event, "YAML merge keys (<<) are not accepted");
            }
            if (event instanceof DocumentStartEvent && ++documents > 1) {
                throw refused(origin, event, "the file holds more than one YAML document");
            }
            if (event instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
                throw refused(origin, event, "nesting is deeper than the limit of " + MAX_DEPTH + " levels");
            }
            if (event instanceof CollectionEndEvent) {
                depth--;
            }
        }
    }

    private static LoaderOptions limits() {
        LoaderOptions options = new LoaderOptions();
        // Backstops for what screen() already refuses with a clearer message.
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        return options;
    }

    private static boolean fits(String text) {
        // Every UTF-16 unit takes at least one UTF-8 byte, so a longer string cannot fit and is not copied.
        return text.length() <= MAX_BYTES && text.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    private static ChecksFileException refused(String origin, Event event, String problem) {
        return new ChecksFileException(origin + ": " + problem + at(event.getStartMark()));
    }

    private static String describe(YAMLException e) {
        if (e instanceof ReaderException unreadable) {
            return String.format("the character U+%04X at position %d is not allowed", unreadable.getCodePoint(),
                    unreadable.getPosition());
        }
        if (e instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            return marked.getProblem() + at(marked.getProblemMark());
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    private static String at(Mark mark) {
        return mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }

    private static String shortTag(String tag) {
        String shown = tag.startsWith(STANDARD_TAG_PREFIX) ? "!!" + tag.substring(STANDARD_TAG_PREFIX.length()) : tag;
        return CheckRules.printable(shown);
    }
}
