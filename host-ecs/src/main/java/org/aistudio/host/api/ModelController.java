package org.aistudio.host.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Set;
import org.aistudio.core.catalog.JdbcModelCatalog;
import org.aistudio.core.catalog.ModelInfo;

/** {@code GET /api/models}: the active models the caller may use, for the model picker. */
@Controller("/api/models")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ModelController {

    private final JdbcModelCatalog catalog;

    public ModelController(JdbcModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Serdeable
    public record ModelView(String key, String name, String provider, Capabilities capabilities,
                            double inputCostPer1k, double outputCostPer1k) {
    }

    @Serdeable
    public record Capabilities(boolean streaming, boolean reasoning, Integer maxTokens) {
    }

    @Serdeable
    public record ModelList(List<ModelView> models) {
    }

    @Get
    public ModelList list(Authentication authentication) {
        Set<String> roles = Set.copyOf(authentication.getRoles());
        return new ModelList(catalog.allowedFor(roles).stream().map(ModelController::view).toList());
    }

    static ModelView view(ModelInfo m) {
        return new ModelView(m.key(), m.name(), m.provider(), new Capabilities(true, m.reasoning(), m.maxTokens()),
                m.inputCostPer1k().doubleValue(), m.outputCostPer1k().doubleValue());
    }
}
