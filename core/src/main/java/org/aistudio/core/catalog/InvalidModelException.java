package org.aistudio.core.catalog;

import org.aistudio.core.AiStudioException;

/**
 * A model definition that may not be written, and the field that makes it so. The message reads
 * as a sentence that starts with the field's name, e.g. {@code inputCostPer1k must not be
 * negative, got -1}; {@link #problem()} is the same sentence without the field, so that a caller
 * can name the field its own way (a configuration property, say).
 */
public class InvalidModelException extends AiStudioException {

    private final String modelKey;
    private final String field;
    private final String problem;

    public InvalidModelException(String modelKey, String field, String problem) {
        super(field + " " + problem, false);
        this.modelKey = modelKey;
        this.field = field;
        this.problem = problem;
    }

    /** The key of the model being written, as given (may be invalid or null). */
    public String modelKey() {
        return modelKey;
    }

    /** The field at fault, by its API name: {@code key}, {@code fallbacks}, {@code inputCostPer1k}, ... */
    public String field() {
        return field;
    }

    /** What is wrong with the field, without its name. */
    public String problem() {
        return problem;
    }
}
