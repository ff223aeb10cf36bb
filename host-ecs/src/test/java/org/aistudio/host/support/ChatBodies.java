package org.aistudio.host.support;

/** Request bodies as the AI SDK's DefaultChatTransport sends them. */
public final class ChatBodies {

    private ChatBodies() {
    }

    public static String chat(String chatId, String model, String text) {
        return "{\"id\":\"" + chatId + "\",\"modelId\":\"" + model + "\",\"trigger\":\"submit-message\","
                + "\"messages\":[{\"id\":\"u-" + chatId + "\",\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\""
                + text + "\"}]}]}";
    }
}
