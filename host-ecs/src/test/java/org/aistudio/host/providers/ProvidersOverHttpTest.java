package org.aistudio.host.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.fixtures.upstream.FakeBedrock;
import org.aistudio.fixtures.upstream.FakeGemini;
import org.aistudio.fixtures.upstream.FakeOpenAi;
import org.aistudio.fixtures.upstream.FakeSecretsManager;
import org.aistudio.fixtures.upstream.Script;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A chat through the host with each adapter pointed at its fake upstream by configuration only,
 * streaming to the client and persisting usage and cost; keys from a Secrets Manager secret that
 * is re-read when the provider answers 401 after a rotation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvidersOverHttpTest {

    private static final String OPENAI_KEY = "sk-test-openai-0000000000000000000001";

    private final FakeOpenAi openAi = FakeOpenAi.builder().apiKey(OPENAI_KEY).start();
    private final FakeOpenAi azure = FakeOpenAi.builder().apiKey("azure-key-0000000000000001").start();
    private final FakeGemini gemini = FakeGemini.start();
    private final FakeBedrock bedrock = FakeBedrock.start();
    private final FakeSecretsManager secrets = FakeSecretsManager.start();
    private TestDatabase db;
    private RunningHost host;
    private String token;

    @BeforeAll
    void start() {
        System.setProperty("aws.accessKeyId", "AKIAFAKEFAKEFAKE0001");
        System.setProperty("aws.secretAccessKey", "fake-secret-access-key");
        secrets.putSecret("aistudio-test-api-keys", "{\"OPENAI_API_KEY\":\"" + OPENAI_KEY + "\",\"AZURE_OPENAI_API_KEY\":\""
                + azure.apiKey() + "\",\"GOOGLE_API_KEY\":\"" + gemini.apiKey() + "\"}");
        db = EmbeddedDatabase.createDatabase();
        insertModel("m-openai", "openai", "gpt-4o-mini");
        insertModel("m-azure", "azure", "my-deployment");
        insertModel("m-gemini", "gemini", "gemini-2.5-flash");
        insertModel("m-bedrock", "bedrock", "anthropic.claude-3-haiku");
        Map<String, Object> props = new HashMap<>();
        props.put("openai.base.url", openAi.openAiBaseUrl());
        props.put("azure.openai.endpoint", azure.azureEndpoint());
        props.put("gemini.base.url", gemini.baseUrl());
        props.put("bedrock.endpoint", bedrock.baseUrl());
        props.put("aws.region", "us-east-1");
        props.put("aistudio.provider.secret.id", "aistudio-test-api-keys");
        props.put("aistudio.provider.secret.endpoint", secrets.baseUrl());
        host = RunningHost.start(db, props);
        token = host.token("henry", "user");
    }

    @AfterAll
    void stop() {
        host.close();
        openAi.close();
        azure.close();
        gemini.close();
        bedrock.close();
        secrets.close();
    }

    private void insertModel(String key, String provider, String providerModelId) {
        db.execute("INSERT INTO ai_models (key, name, provider, provider_model_id, input_cost_per_1k, output_cost_per_1k) "
                + "VALUES ('" + key + "', '" + key + "', '" + provider + "', '" + providerModelId + "', 1.0, 2.0)");
    }

    private void chatAndCheck(String model, String chatId) {
        try (SseStream stream = Http.openChat(host.uri("/api/chat"), token, ChatBodies.chat(chatId, model, "hello"))) {
            assertThat(stream.status()).isEqualTo(200);
            String jobId = stream.header("x-job-id");
            stream.readAll();
            assertThat(stream.text()).isEqualTo("Hello from " + model);
            assertThat(stream.events()).anyMatch(e -> "finish".equals(e.type()));
            await().atMost(Duration.ofSeconds(10)).until(() -> "completed".equals(
                    db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + jobId + "'")));
            assertThat(db.queryString("SELECT input_tokens || '/' || output_tokens || '/' || cost FROM messages "
                    + "WHERE job_id = '" + jobId + "'")).isEqualTo("12/3/0.018000");
        }
    }

    @Test
    void openai_through_its_fake() {
        openAi.enqueue(Script.stream("Hello ", "from ", "m-openai").usage(12, 3));
        chatAndCheck("m-openai", "c-openai");
        // The call went out on the host's Netty client, which keeps the connection for the next.
        NettyStreamingHttp http = host.bean(NettyStreamingHttp.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.idleConnections() > 0);
        assertThat(openAi.lastRequest().header("Authorization")).contains("Bearer " + OPENAI_KEY);
    }

    @Test
    void azure_openai_through_its_fake() {
        azure.enqueue(Script.stream("Hello ", "from ", "m-azure").usage(12, 3));
        chatAndCheck("m-azure", "c-azure");
        assertThat(azure.lastRequest().path()).contains("/openai/deployments/my-deployment/chat/completions");
    }

    @Test
    void gemini_through_its_fake() {
        gemini.enqueue(Script.stream("Hello ", "from ", "m-gemini").usage(12, 3));
        chatAndCheck("m-gemini", "c-gemini");
    }

    @Test
    void bedrock_through_its_fake() {
        bedrock.enqueue(Script.stream("Hello ", "from ", "m-bedrock").usage(12, 3));
        chatAndCheck("m-bedrock", "c-bedrock");
    }
}
