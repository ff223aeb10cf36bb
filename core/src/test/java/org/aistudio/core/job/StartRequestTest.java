package org.aistudio.core.job;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.aistudio.core.catalog.ModelInfo;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.core.provider.demo.DemoProvider;
import org.junit.jupiter.api.Test;

class StartRequestTest {

    private static final ModelInfo MODEL = new ModelInfo(7, "gpt-4o", "GPT-4o", "openai", "gpt-4o", true, null,
            BigDecimal.ONE, BigDecimal.ONE, List.of(), Set.of(), false, null);
    private static final ChatProvider PROVIDER = new DemoProvider(Executors.newSingleThreadScheduledExecutor(),
            Duration.ZERO);
    private static final ChatRequest REQUEST = ChatRequest.of("gpt-4o", ChatMessage.user("hi"));

    private static NewJob rows(int modelId, String modelKey) {
        return new NewJob(UUID.randomUUID(), 1, "conv", "t", modelId, modelKey, "{}", "u-1", "hi", "[]", null);
    }

    @Test
    void rows_that_name_the_model_start() {
        assertThatCode(() -> new StartRequest(rows(7, "gpt-4o"), MODEL, PROVIDER, REQUEST)).doesNotThrowAnyException();
    }

    @Test
    void rows_of_another_model_are_refused_before_anything_is_written() {
        assertThatThrownBy(() -> new StartRequest(rows(8, "gpt-4o"), MODEL, PROVIDER, REQUEST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model 8 'gpt-4o'");
        assertThatThrownBy(() -> new StartRequest(rows(7, "demo"), MODEL, PROVIDER, REQUEST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model 7 'demo'");
    }
}
