package dev.patchlane.sandbox.checks;

/**
 * A value that breaks a check rule, with the field it is about (null: the whole document), before the caller says where
 * the value came from.
 */
final class CheckRuleException extends RuntimeException {

    CheckRuleException(String field, String problem) {
        super(field == null ? problem : field + ": " + problem);
    }
}
