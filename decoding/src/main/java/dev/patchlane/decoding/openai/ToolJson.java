package dev.patchlane.decoding.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchlane.decoding.ToolSpec;

/** A function tool's name, description and parameter schema, as both APIs spell them (they differ only in nesting). */
final class ToolJson {

    private ToolJson() {
    }

    static ObjectNode describe(ObjectNode target, ToolSpec tool) {
        target.put("name", tool.name());
        if (tool.description() != null) {
            target.put("description", tool.description());
        }
        if (tool.parameters() != null) {
            target.set("parameters", tool.parameters());
        }
        return target;
    }
}
