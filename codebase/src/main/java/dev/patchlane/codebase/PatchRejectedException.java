package dev.patchlane.codebase;

import java.util.List;

/** A patch that does not parse, does not apply, or breaks the patch policy. */
public class PatchRejectedException extends RuntimeException {

    private final List<String> problems;

    public PatchRejectedException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
