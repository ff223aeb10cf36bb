package org.aistudio.host.jobs;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import io.micronaut.security.authentication.Authentication;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.aistudio.core.catalog.JdbcModelCatalog;
import org.aistudio.core.catalog.ModelCatalog;
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
import org.aistudio.host.security.Callers;
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
    private final Callers callers;
    private final boolean callProviderEarly;
    private final boolean admitOnEventLoop;
    /** Field-injected so that this wiring stays one self-contained edit. */
    @Inject
    RateLimits rateLimits;

    public ChatAdmission(JdbcModelCatalog catalog, ModelRouter router, JobEngine engine,
                         RequestData requestData, JobsConfig jobs, Callers callers) {
        this.catalog = catalog;
        this.callers = callers;
        this.router = router;
        this.engine = engine;
        this.requestData = requestData;
        this.callProviderEarly = jobs.callProviderEarly();
        this.admitOnEventLoop = jobs.admitOnEventLoop();
    }

    /** What a chat asks for, whichever surface it came through. */
    public record Chat(String conversationId, String modelKey, List<ChatMessage> messages, ChatOptions options,
                       String userMessageId, String userMessage, String userMessageParts, String surface) {
    }

    /** Starts the job (rows written, provider called); blocks until the rows are written. */
    public LiveJob start(Caller caller, Chat chat) {
        return start(caller, chat, refusal -> refusal);
    }

    /** {@link #start(Caller, Chat)}, throwing what {@code modelRefused} makes of the 404 or 403 for the model. */
    public LiveJob start(Caller caller, Chat chat, Function<ApiException, RuntimeException> modelRefused) {
        refuseWhenDraining();
        ModelInfo model = model(caller, catalog, chat.modelKey(), modelRefused);
        Admitted admitted = admit(caller, model, router.route(model), chat);
        LiveJob live = rateLimits.start(caller.userId(), admitted.jobId(), admitted.start());
        ChatLogging.started(live.id(), chat.surface());
        return live;
    }

    /** The model the caller may use; else {@code refused} of a 404 or 403 is thrown. */
    private static ModelInfo model(Caller caller, ModelCatalog models, String key,
                                   Function<ApiException, RuntimeException> refused) {
        ModelInfo model = models.find(key).filter(ModelInfo::active).orElseThrow(() -> refused.apply(
                ApiException.notFound("model_not_found", "There is no model '" + key + "'.")));
        if (!model.allows(caller.roles())) {
            throw refused.apply(new ApiException(HttpStatus.FORBIDDEN, "model_not_allowed",
                    "You are not allowed to use the model '" + key + "'."));
        }
        return model;
    }

    /**
     * {@link #start} for a thread that must not block (an event loop), when nothing has to be read
     * first: this instance knows the caller's user row, holds the catalogue, and the model's
     * providers start without blocking. The future ends once the rows are written. Empty, with
     * nothing done, when something has to be read: the caller then uses {@link #start} on a
     * thread that may block. Refusals (draining, no such model, not allowed) are thrown here.
     */
    public Optional<CompletableFuture<LiveJob>> startWithoutBlocking(Authentication authentication, Chat chat) {
        return startWithoutBlocking(authentication, chat, refusal -> refusal);
    }

    /**
     * {@link #startWithoutBlocking(Authentication, Chat)}, refusing the model as
     * {@link #start(Caller, Chat, Function)} does.
     */
    public Optional<CompletableFuture<LiveJob>> startWithoutBlocking(Authentication authentication, Chat chat,
                                                                     Function<ApiException, RuntimeException> modelRefused) {
        refuseWhenDraining();
        if (!admitOnEventLoop) {
            return Optional.empty();
        }
        Optional<Caller> known = callers.known(authentication);
        Optional<ModelCatalog> models = catalog.inMemory();
        if (known.isEmpty() || models.isEmpty()) {
            return Optional.empty();
        }
        Caller caller = known.get();
        ModelInfo model = model(caller, models.get(), chat.modelKey(), modelRefused);
        ChatProvider provider = router.route(model, models.get());
        if (!provider.startsWithoutBlocking()) {
            return Optional.empty();
        }
        Admitted admitted = admit(caller, model, provider, chat);
        Consumer<UUID> logStarted = ChatLogging.startedElsewhere(chat.surface());
        return Optional.of(rateLimits.startWithoutWaiting(caller.userId(), admitted.jobId(), admitted.start())
                .whenComplete((live, failure) -> {
                    if (live != null) {
                        logStarted.accept(live.id());
                    }
                }));
    }

    private void refuseWhenDraining() {
        if (!engine.accepting()) {
            throw new JobEngine.EngineUnavailableException("this instance is shutting down");
        }
    }

    /** A job ready to start: its id, and the start that writes its rows and calls its provider. */
    private record Admitted(UUID jobId, Supplier<CompletableFuture<LiveJob>> start) {
    }

    private Admitted admit(Caller caller, ModelInfo model, ChatProvider provider, Chat chat) {
        ChatLogging.admitted(caller.userId(), model);
        ChatOptions options = capped(chat.options(), model);
        ChatRequest request = new ChatRequest(model.providerModelId(), chat.messages(), options);
        UUID jobId = UUID.randomUUID();
        NewJob job = new NewJob(jobId, caller.userId(), chat.conversationId(), title(chat.userMessage()), model.id(),
                model.key(), requestData.json(chat, model, options), chat.userMessageId(), chat.userMessage(),
                chat.userMessageParts(), null);
        boolean early = callProviderEarly && rateLimits.likelyAdmits(caller.userId());
        return new Admitted(jobId, () -> engine.start(new StartRequest(job, model, provider, request, early)));
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
