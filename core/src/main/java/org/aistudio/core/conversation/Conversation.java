package org.aistudio.core.conversation;

import java.time.Instant;
import java.util.List;

/** A conversation of one user, with its messages when read whole. */
public record Conversation(String id, String title, String modelKey, Instant createdAt, Instant updatedAt,
                           List<StoredMessage> messages) {

    public Conversation {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }
}
