package org.aistudio.host.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.fixtures.upstream.FakeOpenAi;
import org.aistudio.fixtures.upstream.FakeSecretsManager;
import org.aistudio.fixtures.upstream.Script;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.Test;

/** A provider key rotated in Secrets Manager is picked up at the first 401, without a restart. */
class SecretRotationTest {

    @Test
    void a_401_re_reads_the_secret_once_and_the_chat_succeeds_with_the_rotated_key() {
        String oldKey = "sk-test-old-key-0000000000000000000001";
        String newKey = "sk-test-new-key-0000000000000000000002";
        try (FakeOpenAi upstream = FakeOpenAi.builder().apiKey(newKey).start();
             FakeSecretsManager secrets = FakeSecretsManager.start()) {
            secrets.putSecret("keys", "{\"OPENAI_API_KEY\":\"" + oldKey + "\"}");
            TestDatabase db = EmbeddedDatabase.createDatabase();
            db.execute("INSERT INTO ai_models (key, name, provider, provider_model_id) VALUES ('m', 'm', 'openai', 'gpt-x')");
            try (RunningHost host = RunningHost.start(db, Map.of("openai.base.url", upstream.openAiBaseUrl(),
                    "aistudio.provider.secret.id", "keys", "aistudio.provider.secret.endpoint", secrets.baseUrl()))) {
                host.bean(org.aistudio.core.provider.ProviderRegistry.class);
                int readsAtStart = secrets.getSecretValueCalls();
                assertThat(readsAtStart).as("the old key was read and cached").isPositive();
                secrets.putSecret("keys", "{\"OPENAI_API_KEY\":\"" + newKey + "\"}");
                upstream.enqueue(Script.stream("rotated ", "fine"));
                try (SseStream stream = Http.openChat(host.uri("/api/chat"), host.token("ivy", "user"),
                        ChatBodies.chat("c-rotate", "m", "hi"))) {
                    stream.readAll();
                    assertThat(stream.text()).isEqualTo("rotated fine");
                }
                assertThat(secrets.getSecretValueCalls()).isGreaterThan(readsAtStart);
                assertThat(upstream.lastRequest().header("Authorization")).contains("Bearer " + newKey);
                assertThat(upstream.requests()).anyMatch(r -> r.header("Authorization").filter(("Bearer " + oldKey)::equals).isPresent());
            }
        }
    }
}
