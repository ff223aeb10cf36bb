package org.aistudio.host.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.concurrent.CompletableFuture;
import org.aistudio.core.job.Job;
import org.aistudio.core.job.JobEngine;
import org.aistudio.core.job.JobHeader;
import org.aistudio.core.job.JobStore;
import org.aistudio.core.job.LiveJob;
import org.aistudio.core.stream.UiMessageStreamEncoder;
import org.aistudio.host.error.ApiException;
import org.aistudio.host.jobs.BlockingWork;
import org.aistudio.host.jobs.ChatAdmission;
import org.aistudio.host.security.Caller;
import org.aistudio.host.security.Callers;
import org.reactivestreams.Publisher;

/** The web frontend's chat: AI SDK UI message stream v1, and resume of a chat's running answer. */
@Controller("/api/chat")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class ChatController {

    private final UiChatRequestParser parser;
    private final ChatAdmission admission;
    private final Callers callers;
    private final JobStore jobs;
    private final JobEngine engine;
    private final BlockingWork blocking;

    public ChatController(UiChatRequestParser parser, ChatAdmission admission, Callers callers, JobStore jobs,
                          JobEngine engine, BlockingWork blocking) {
        this.parser = parser;
        this.admission = admission;
        this.callers = callers;
        this.jobs = jobs;
        this.engine = engine;
        this.blocking = blocking;
    }

    /**
     * The answer's stream, once the job's rows are written. A caller this instance knows, asking a
     * model whose providers start without blocking, is admitted here on the event loop; anyone
     * else off it (see {@link BlockingWork}), where the user row or the catalogue can be read.
     */
    @Post(consumes = MediaType.APPLICATION_JSON, produces = SseResponses.EVENT_STREAM)
    public CompletableFuture<HttpResponse<Publisher<String>>> chat(@Body String body, Authentication authentication) {
        ChatAdmission.Chat chat = chat(parser.parse(body));
        return admission.startWithoutBlocking(authentication, chat)
                .orElseGet(() -> blocking.run(() -> admission.start(callers.of(authentication), chat)))
                .thenApply(job -> SseResponses.uiStream(job.log().header(),
                        engine.publisher(job.job(), UiMessageStreamEncoder::new, 0)));
    }

    private static ChatAdmission.Chat chat(UiChatRequest request) {
        return new ChatAdmission.Chat(request.chatId(), request.modelKey(), request.messages(), request.options(),
                request.lastUserMessageId(), request.lastUserText(), request.lastUserParts(), "ui");
    }

    /** Resume: 204 when the chat has no running answer, else its parts from the start or after Last-Event-ID. */
    @Get(uri = "/{chatId}/stream", produces = SseResponses.EVENT_STREAM)
    public CompletableFuture<HttpResponse<?>> resume(@PathVariable String chatId, HttpRequest<?> request,
                                                     Authentication authentication) {
        return blocking.run(() -> resumed(chatId, request, authentication));
    }

    private HttpResponse<?> resumed(String chatId, HttpRequest<?> request, Authentication authentication) {
        if (!UiChatRequestParser.ID.matcher(chatId).matches()) {
            throw ApiException.notFound("conversation_not_found", "There is no such conversation.");
        }
        long after = SseResponses.lastEventId(request);
        Caller caller = callers.of(authentication);
        Job job = jobs.findActiveInConversation(chatId, caller.userId()).orElse(null);
        if (job == null) {
            return HttpResponse.noContent();
        }
        JobHeader header = JobHeader.of(job);
        return SseResponses.uiStream(header, engine.publisher(job, UiMessageStreamEncoder::new, after));
    }
}
