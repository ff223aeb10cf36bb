package org.aistudio.core.provider.bedrock.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.Role;
import org.aistudio.core.provider.bedrock.BedrockConfig;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/** Maps a {@link ChatRequest} to a {@code ConverseStream} request; see {@link BedrockConfig} for reasoning. */
public final class BedrockRequests {

    /** Claude models before 3.7 cannot think; asking them to would be a validation error. */
    private static final Pattern CLAUDE_WITHOUT_THINKING = Pattern.compile(".*claude-(instant|v\\d|3-(?!7)).*");

    private BedrockRequests() {
    }

    public static ConverseStreamRequest toSdk(ChatRequest request, BedrockConfig config) {
        List<SystemContentBlock> system = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            if (message.role() == Role.SYSTEM) {
                system.add(SystemContentBlock.fromText(message.content()));
            } else {
                append(messages, message);
            }
        }
        ConverseStreamRequest.Builder builder = ConverseStreamRequest.builder()
                .modelId(request.model())
                .messages(messages);
        if (!system.isEmpty()) {
            builder.system(system);
        }
        ChatOptions options = request.options();
        Integer budget = thinkingBudget(request.model(), options, config);
        InferenceConfiguration inference = inference(options, budget);
        if (inference != null) {
            builder.inferenceConfig(inference);
        }
        if (budget != null) {
            builder.additionalModelRequestFields(Document.mapBuilder()
                    .putDocument("thinking", Document.mapBuilder()
                            .putString("type", "enabled")
                            .putNumber("budget_tokens", budget)
                            .build())
                    .build());
        }
        return builder.build();
    }

    /** Converse wants user and assistant turns to alternate: consecutive turns of one role are merged. */
    private static void append(List<Message> messages, ChatMessage message) {
        ConversationRole role = message.role() == Role.ASSISTANT ? ConversationRole.ASSISTANT : ConversationRole.USER;
        ContentBlock block = ContentBlock.fromText(message.content());
        int last = messages.size() - 1;
        if (last >= 0 && messages.get(last).role() == role) {
            List<ContentBlock> content = new ArrayList<>(messages.get(last).content());
            content.add(block);
            messages.set(last, Message.builder().role(role).content(content).build());
        } else {
            messages.add(Message.builder().role(role).content(block).build());
        }
    }

    private static InferenceConfiguration inference(ChatOptions o, Integer budget) {
        InferenceConfiguration.Builder b = InferenceConfiguration.builder();
        boolean any = false;
        Integer maxTokens = o.maxTokens();
        if (budget != null && maxTokens == null) {
            maxTokens = budget + BedrockConfig.DEFAULT_ANSWER_TOKENS;
        }
        if (maxTokens != null) {
            b.maxTokens(maxTokens);
            any = true;
        }
        if (budget == null && o.temperature() != null) {
            b.temperature(o.temperature().floatValue());
            any = true;
        }
        if (budget == null && o.topP() != null) {
            b.topP(o.topP().floatValue());
            any = true;
        }
        if (!o.stop().isEmpty()) {
            b.stopSequences(o.stop());
            any = true;
        }
        return any ? b.build() : null;
    }

    /** The Claude thinking budget to ask for, or null when thinking is not requested or not possible. */
    static Integer thinkingBudget(String model, ChatOptions options, BedrockConfig config) {
        String effort = options.reasoningEffort();
        if (effort == null || effort.isBlank() || !canThink(model)) {
            return null;
        }
        Integer budget = config.thinkingBudget(effort.strip().toLowerCase(Locale.ROOT));
        if (budget == null) {
            return null;
        }
        Integer maxTokens = options.maxTokens();
        if (maxTokens != null && maxTokens <= budget) {
            budget = maxTokens - 1;
        }
        return budget < BedrockConfig.MIN_THINKING_BUDGET ? null : budget;
    }

    private static boolean canThink(String model) {
        String id = model.toLowerCase(Locale.ROOT);
        return id.contains("anthropic.claude") && !CLAUDE_WITHOUT_THINKING.matcher(id).matches();
    }
}
