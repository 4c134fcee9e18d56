package dev.patchlane.decoding.openai;

import dev.patchlane.decoding.ToolCall;

/** A function call assembled from streamed pieces: the id and name arrive once, the arguments in fragments. */
final class ToolCallParts {

    private String id;
    private String name;
    private final StringBuilder arguments = new StringBuilder();
    private boolean emitted;

    void id(String value) {
        if (id == null && value != null && !value.isEmpty()) {
            id = value;
        }
    }

    void name(String value) {
        if (name == null && value != null && !value.isEmpty()) {
            name = value;
        }
    }

    void appendArguments(String fragment) {
        if (fragment != null) {
            arguments.append(fragment);
        }
    }

    /** The server's final arguments replace the fragments. */
    void arguments(String complete) {
        if (complete != null) {
            arguments.setLength(0);
            arguments.append(complete);
        }
    }

    String argumentsSoFar() {
        return arguments.toString();
    }

    /** The call, once: later calls return null. */
    ToolCall takeCall() {
        if (emitted) {
            return null;
        }
        emitted = true;
        return new ToolCall(id, name, arguments.toString());
    }
}
