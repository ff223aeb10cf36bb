package org.aistudio.core.provider;

import java.util.Locale;

/** Who said a message. */
public enum Role {
    SYSTEM,
    USER,
    ASSISTANT;

    /** The lower-case name used by every wire format: {@code system}, {@code user}, {@code assistant}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; {@code developer} counts as {@code system}. */
    public static Role fromWire(String value) {
        if (value == null) {
            throw new IllegalArgumentException("role is missing");
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "system", "developer" -> SYSTEM;
            case "user" -> USER;
            case "assistant" -> ASSISTANT;
            default -> throw new IllegalArgumentException("unknown role: " + value);
        };
    }
}
