package org.aistudio.host.admin;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import org.aistudio.core.NotFoundException;
import org.aistudio.core.catalog.ModelDefinition;
import org.aistudio.core.catalog.ModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model catalogue for administrators. Reads go to the database, not the cache. A write
 * applies on this instance at once and on every other instance within the catalogue cache's TTL.
 * {@code DELETE} deactivates: jobs, messages and conversations keep referring to the row, jobs
 * already running on the model finish, and {@code PUT} with {@code "active": true} brings it back.
 */
@Controller("/api/admin/models")
@Secured("admin")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminModelController {

    private static final Logger LOG = LoggerFactory.getLogger(AdminModelController.class);

    private final ModelStore store;

    public AdminModelController(ModelStore store) {
        this.store = store;
    }

    @Get
    public AdminModelView.ModelList list() {
        return new AdminModelView.ModelList(store.list().stream().map(AdminModelView::of).toList());
    }

    @Get("/{key}")
    public AdminModelView get(@PathVariable String key) {
        return store.find(key).map(AdminModelView::of).orElseThrow(() -> new NotFoundException("model", key));
    }

    @Post(consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<AdminModelView> create(@Body String body, Authentication authentication) {
        ModelDefinition created = store.create(ModelJsonParser.parse(body, null));
        LOG.info("model {} created by {}", created.key(), authentication.getName());
        return HttpResponse.created(AdminModelView.of(created),
                UriBuilder.of("/api/admin/models").path(created.key()).build());
    }

    @Put(uri = "/{key}", consumes = MediaType.APPLICATION_JSON)
    public AdminModelView replace(@PathVariable String key, @Body String body, Authentication authentication) {
        ModelDefinition model = ModelJsonParser.parse(body, key);
        ModelDefinition replaced = store.replace(model);
        LOG.info("model {} replaced by {}", replaced.key(), authentication.getName());
        return AdminModelView.of(replaced);
    }

    @Delete("/{key}")
    public AdminModelView deactivate(@PathVariable String key, Authentication authentication) {
        ModelDefinition inactive = store.deactivate(key);
        LOG.info("model {} deactivated by {}", key, authentication.getName());
        return AdminModelView.of(inactive);
    }
}
