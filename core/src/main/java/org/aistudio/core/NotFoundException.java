package org.aistudio.core;

/**
 * A job, conversation or model does not exist for the caller. Also thrown when it belongs to
 * someone else, so that its existence is not revealed.
 */
public class NotFoundException extends AiStudioException {

    private final String kind;
    private final String id;

    public NotFoundException(String kind, String id) {
        super(kind + " " + id + " was not found", false);
        this.kind = kind;
        this.id = id;
    }

    /** What was looked for: {@code job}, {@code conversation}, {@code model}. */
    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }
}
