package org.aistudio.host.api;

import java.util.List;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;

/**
 * A parsed {@code POST /api/chat} body as the AI SDK's {@code DefaultChatTransport} sends it.
 *
 * @param chatId the conversation id
 * @param modelKey the catalogue key the client chose
 * @param messages the conversation as text, control characters stripped
 * @param lastUserMessageId the id of the newest user message
 * @param lastUserParts that message's parts as JSON text
 */
record UiChatRequest(String chatId, String modelKey, String trigger, List<ChatMessage> messages,
                     String lastUserMessageId, String lastUserParts, ChatOptions options) {

    String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == org.aistudio.core.provider.Role.USER) {
                return messages.get(i).content();
            }
        }
        return "";
    }
}
