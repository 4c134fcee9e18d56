package dev.patchlane.codebase;

import dev.patchlane.codebase.safety.Refusal;
import java.util.List;

/** A patch that does not parse, does not apply, or breaks the safety policy; each refusal names the rule it breaks. */
public class PatchRejectedException extends RuntimeException {

    private final List<Refusal> refusals;

    public PatchRejectedException(List<Refusal> refusals) {
        super(String.join("; ", refusals.stream().map(Refusal::message).toList()));
        this.refusals = List.copyOf(refusals);
    }

    public PatchRejectedException(Refusal refusal) {
        this(List.of(refusal));
    }

    public List<Refusal> refusals() {
        return refusals;
    }

    /** The refusals' messages. */
    public List<String> problems() {
        return refusals.stream().map(Refusal::message).toList();
    }
}
