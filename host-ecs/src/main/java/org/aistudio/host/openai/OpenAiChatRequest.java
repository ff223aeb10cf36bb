package org.aistudio.host.openai;

import java.util.List;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;

/**
 * A parsed {@code POST /v1/chat/completions} body.
 *
 * @param model the catalogue key
 * @param messages the conversation as text, control characters stripped
 * @param lastUserText the newest user message's text, stored as the conversation's user message
 * @param lastUserParts that message's text parts as JSON text
 * @param stream whether to answer with {@code chat.completion.chunk} SSE
 * @param includeUsage whether {@code stream_options.include_usage} was asked
 */
record OpenAiChatRequest(String model, List<ChatMessage> messages, String lastUserText, String lastUserParts,
                         ChatOptions options, boolean stream, boolean includeUsage) {
}
