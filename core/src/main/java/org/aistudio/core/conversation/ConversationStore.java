package org.aistudio.core.conversation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.aistudio.core.AiStudioException;

/** Reads a user's conversations; another user's conversation is simply not found. */
public final class ConversationStore {

    private final DataSource dataSource;

    public ConversationStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The user's conversations, most recently updated first, without messages. */
    public List<Conversation> list(long userId, int limit) {
        String sql = "SELECT c.id, c.title, m.key, c.created_at, c.updated_at FROM conversations c "
                + "LEFT JOIN ai_models m ON m.id = c.model_id WHERE c.user_id = ? ORDER BY c.updated_at DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, userId);
            ps.setInt(2, limit);
            List<Conversation> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Conversation(rs.getString(1), rs.getString(2), rs.getString(3),
                            instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), List.of()));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new AiStudioException("could not list conversations", true, e);
        }
    }

    /** One conversation with its messages in order, if it exists and belongs to the user. */
    public Optional<Conversation> find(String conversationId, long userId) {
        String head = "SELECT c.id, c.title, m.key, c.created_at, c.updated_at FROM conversations c "
                + "LEFT JOIN ai_models m ON m.id = c.model_id WHERE c.id = ? AND c.user_id = ?";
        String body = "SELECT message_id, role, content, parts::text, input_tokens, output_tokens, reasoning_tokens, "
                + "cost, finish_reason, status, job_id, created_at FROM messages WHERE conversation_id = ? ORDER BY id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(head)) {
            ps.setString(1, conversationId);
            ps.setLong(2, userId);
            Conversation conversation;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                conversation = new Conversation(rs.getString(1), rs.getString(2), rs.getString(3),
                        instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), List.of());
            }
            List<StoredMessage> messages = new ArrayList<>();
            try (PreparedStatement ms = c.prepareStatement(body)) {
                ms.setString(1, conversationId);
                try (ResultSet rs = ms.executeQuery()) {
                    while (rs.next()) {
                        messages.add(new StoredMessage(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), (Long) rs.getObject(5), (Long) rs.getObject(6), (Long) rs.getObject(7),
                                rs.getBigDecimal(8), rs.getString(9), rs.getString(10),
                                rs.getObject(11, UUID.class), instant(rs.getTimestamp(12))));
                    }
                }
            }
            return Optional.of(new Conversation(conversation.id(), conversation.title(), conversation.modelKey(),
                    conversation.createdAt(), conversation.updatedAt(), messages));
        } catch (SQLException e) {
            throw new AiStudioException("could not read the conversation", true, e);
        }
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
