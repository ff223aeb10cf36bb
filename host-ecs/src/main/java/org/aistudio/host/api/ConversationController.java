package org.aistudio.host.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.http.MediaType;
import org.aistudio.core.conversation.ConversationStore;
import org.aistudio.host.error.ApiException;
import org.aistudio.host.security.Callers;

/** The caller's conversations and their messages. */
@Controller("/api/conversations")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ConversationController {

    private final ConversationStore conversations;
    private final Callers callers;

    public ConversationController(ConversationStore conversations, Callers callers) {
        this.conversations = conversations;
        this.callers = callers;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public String list(@QueryValue(defaultValue = "50") int limit, Authentication authentication) {
        if (limit < 1 || limit > 200) {
            throw ApiException.invalid("limit must be from 1 to 200.");
        }
        return ConversationJson.list(conversations.list(callers.of(authentication).userId(), limit));
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public String get(@PathVariable String id, Authentication authentication) {
        if (!UiChatRequestParser.ID.matcher(id).matches()) {
            throw ApiException.notFound("conversation_not_found", "There is no such conversation.");
        }
        return ConversationJson.one(conversations.find(id, callers.of(authentication).userId())
                .orElseThrow(() -> ApiException.notFound("conversation_not_found", "There is no such conversation.")));
    }
}
