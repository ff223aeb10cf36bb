package org.aistudio.host.jobs;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;
import org.aistudio.core.catalog.JdbcModelCatalog;
import org.aistudio.core.catalog.ModelInfo;
import org.aistudio.core.job.JobEngine;
import org.aistudio.core.job.LiveJob;
import org.aistudio.core.job.NewJob;
import org.aistudio.core.job.StartRequest;
import org.aistudio.core.provider.ChatMessage;
import org.aistudio.core.provider.ChatOptions;
import org.aistudio.core.provider.ChatProvider;
import org.aistudio.core.provider.ChatRequest;
import org.aistudio.host.config.JobsConfig;
import org.aistudio.host.providers.ModelRouter;
import org.aistudio.host.error.ApiException;
import org.aistudio.host.logging.ChatLogging;
import org.aistudio.host.ratelimit.RateLimits;
import org.aistudio.host.security.Caller;
import io.micronaut.http.HttpStatus;

/**
 * Admits a chat: the model exists and is active, the caller may use it, then the job starts
 * under the rate limits. Every refusal happens before anything is written.
 */
@Singleton
public class ChatAdmission {

    private final JdbcModelCatalog catalog;
    private final ModelRouter router;
    private final JobEngine engine;
    private final RequestData requestData;
    private final boolean callProviderEarly;
    /** Field-injected so that this wiring stays one self-contained edit. */
    @Inject
    RateLimits rateLimits;

    public ChatAdmission(JdbcModelCatalog catalog, ModelRouter router, JobEngine engine,
                         RequestData requestData, JobsConfig jobs) {
        this.catalog = catalog;
        this.router = router;
        this.engine = engine;
        this.requestData = requestData;
        this.callProviderEarly = jobs.callProviderEarly();
    }

    /** What a chat asks for, whichever surface it came through. */
    public record Chat(String conversationId, String modelKey, List<ChatMessage> messages, ChatOptions options,
                       String userMessageId, String userMessage, String userMessageParts, String surface) {
    }

    /** Finds the model the caller may use, or answers 404 / 403. */
    public ModelInfo model(Caller caller, String key) {
        ModelInfo model = catalog.find(key).filter(ModelInfo::active)
                .orElseThrow(() -> ApiException.notFound("model_not_found", "There is no model '" + key + "'."));
        if (!model.allows(caller.roles())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "model_not_allowed",
                    "You are not allowed to use the model '" + key + "'.");
        }
        return model;
    }

    /** Starts the job (rows written, provider called); blocks until the rows are written. */
    public LiveJob start(Caller caller, Chat chat) {
        if (!engine.accepting()) {
            throw new JobEngine.EngineUnavailableException("this instance is shutting down");
        }
        ModelInfo model = model(caller, chat.modelKey());
        ChatProvider provider = router.route(model);
        ChatLogging.admitted(caller.userId(), model);
        ChatOptions options = capped(chat.options(), model);
        ChatRequest request = new ChatRequest(model.providerModelId(), chat.messages(), options);
        UUID jobId = UUID.randomUUID();
        NewJob job = new NewJob(jobId, caller.userId(), chat.conversationId(), title(chat.userMessage()), model.id(),
                requestData.json(chat, model, options), chat.userMessageId(), chat.userMessage(),
                chat.userMessageParts(), null);
        boolean early = callProviderEarly && rateLimits.likelyAdmits(caller.userId());
        LiveJob live = rateLimits.start(caller.userId(), jobId,
                () -> engine.start(new StartRequest(job, model, provider, request, early)));
        ChatLogging.started(live.id(), chat.surface());
        return live;
    }

    private static ChatOptions capped(ChatOptions options, ModelInfo model) {
        if (model.maxTokens() == null) {
            return options;
        }
        Integer asked = options.maxTokens();
        return options.withMaxTokens(asked == null ? model.maxTokens() : Math.min(asked, model.maxTokens()));
    }

    private static String title(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
