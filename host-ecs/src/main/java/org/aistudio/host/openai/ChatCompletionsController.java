package org.aistudio.host.openai;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.aistudio.core.job.JobEngine;
import org.aistudio.core.job.JobHeader;
import org.aistudio.core.job.LiveJob;
import org.aistudio.core.stream.OpenAiChunkEncoder;
import org.aistudio.core.stream.OpenAiCompletionAggregator;
import org.aistudio.host.error.ApiException;
import org.aistudio.host.jobs.BlockingWork;
import org.aistudio.host.jobs.ChatAdmission;
import org.aistudio.host.security.Callers;

/**
 * {@code POST /v1/chat/completions}. Every request is a persisted job ({@code x-job-id}); the
 * streamed answer is a reader of the job's log, and so is the whole answer, which is sent when
 * the job ends without a thread waiting for it.
 *
 * <p>Each request is a conversation of its own ({@code oa-<random id>}) unless the client names
 * one in the {@code x-conversation-id} request header; the response names it in the same header.
 */
@Controller("/v1/chat/completions")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ChatCompletionsController {

    /** The request header that files the request into a conversation of the caller. */
    public static final String CONVERSATION_HEADER = "x-conversation-id";
    private static final Pattern CONVERSATION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    private final OpenAiChatRequestParser parser;
    private final ChatAdmission admission;
    private final Callers callers;
    private final JobEngine engine;
    private final BlockingWork blocking;

    public ChatCompletionsController(OpenAiChatRequestParser parser, ChatAdmission admission, Callers callers,
                                     JobEngine engine, BlockingWork blocking) {
        this.parser = parser;
        this.admission = admission;
        this.callers = callers;
        this.engine = engine;
        this.blocking = blocking;
    }

    /**
     * Admitted on the event loop when this instance knows the caller and the model's providers
     * start without blocking, else off it (see {@link BlockingWork}); the whole answer is sent when
     * the job ends unless the request asks for a stream.
     */
    @Post(consumes = MediaType.APPLICATION_JSON, produces = {MediaType.APPLICATION_JSON, OpenAiResponses.EVENT_STREAM})
    public CompletableFuture<MutableHttpResponse<?>> create(@Body String body, HttpRequest<?> request,
                                                            Authentication authentication) {
        OpenAiChatRequest chat = parser.parse(body);
        ChatAdmission.Chat admitted = new ChatAdmission.Chat(conversationId(request), chat.model(), chat.messages(),
                chat.options(), "oa-user-" + UUID.randomUUID(), chat.lastUserText(), chat.lastUserParts(), "openai");
        return admission.startWithoutBlocking(authentication, admitted, ChatCompletionsController::aboutModel)
                .orElseGet(() -> blocking.run(() -> admission.start(callers.of(authentication), admitted,
                        ChatCompletionsController::aboutModel)))
                .thenCompose(job -> answer(chat, job));
    }

    private static RuntimeException aboutModel(ApiException refused) {
        return OpenAiRequestException.about("model", refused);
    }

    private CompletableFuture<MutableHttpResponse<?>> answer(OpenAiChatRequest chat, LiveJob job) {
        JobHeader header = job.log().header();
        if (chat.stream()) {
            boolean usage = chat.includeUsage();
            return CompletableFuture.completedFuture(
                    OpenAiResponses.stream(header, engine.publisher(job.job(), () -> new OpenAiChunkEncoder(usage), 0)));
        }
        OpenAiCompletionAggregator aggregator = new OpenAiCompletionAggregator();
        return OpenAiResponses.drain(engine.publisher(job.job(), () -> aggregator, 0))
                .thenApply(done -> OpenAiResponses.completion(header, aggregator));
    }

    private static String conversationId(HttpRequest<?> request) {
        String given = request.getHeaders().get(CONVERSATION_HEADER);
        if (given == null || given.isBlank()) {
            return "oa-" + UUID.randomUUID();
        }
        if (!CONVERSATION_ID.matcher(given).matches()) {
            throw OpenAiRequestException.invalid(CONVERSATION_HEADER, "invalid_value", CONVERSATION_HEADER
                    + " must be 1 to 128 letters, digits, '-', '_', '.' or ':'.");
        }
        return given;
    }
}
