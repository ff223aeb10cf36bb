package org.aistudio.core.sanitize;

/** One kind of secret found in free text, guarded by the {@link Candidates} flags it needs. */
abstract class TextRule {

    private final int required;

    /** @param required {@link Candidates} flags that must all be present for the rule to run */
    TextRule(int required) {
        this.required = required;
    }

    final boolean mayMatch(int candidates) {
        return (candidates & required) == required;
    }

    /** The text with this rule's hits replaced; the same instance when nothing matched. */
    abstract String apply(String text);
}
