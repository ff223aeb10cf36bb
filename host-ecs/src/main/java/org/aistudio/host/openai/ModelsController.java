package org.aistudio.host.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.aistudio.core.AiStudioException;
import org.aistudio.core.catalog.JdbcModelCatalog;
import org.aistudio.core.catalog.ModelInfo;

/** {@code GET /v1/models}: OpenAI's model list, holding only the active models the caller may use. */
@Controller("/v1/models")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ModelsController {

    private final JdbcModelCatalog catalog;
    private final DataSource dataSource;

    public ModelsController(JdbcModelCatalog catalog, DataSource dataSource) {
        this.catalog = catalog;
        this.dataSource = dataSource;
    }

    /** One model; {@code owned_by} is the provider that serves it. */
    @Serdeable
    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {
    }

    @Serdeable
    public record ModelList(String object, List<Model> data) {
    }

    @Get
    public ModelList list(Authentication authentication) {
        List<ModelInfo> allowed = catalog.allowedFor(Set.copyOf(authentication.getRoles()));
        Map<String, Long> created = createdTimes();
        return new ModelList("list", allowed.stream().map(m -> model(m, created)).toList());
    }

    /** A model the caller may use; any other key is not found, whether it exists or not. */
    @Get("/{id}")
    public Model retrieve(@PathVariable String id, Authentication authentication) {
        return catalog.allowedFor(Set.copyOf(authentication.getRoles())).stream()
                .filter(m -> m.key().equals(id)).findFirst()
                .map(m -> model(m, createdTimes()))
                .orElseThrow(() -> new OpenAiRequestException(HttpStatus.NOT_FOUND,
                        OpenAiRequestException.INVALID_REQUEST, "model", "model_not_found",
                        "The model '" + id + "' does not exist or you do not have access to it.", Map.of()));
    }

    private static Model model(ModelInfo m, Map<String, Long> created) {
        return new Model(m.key(), "model", created.getOrDefault(m.key(), 0L), m.provider());
    }

    /** When each model was added: the catalogue's records do not carry it, and only this list shows it. */
    private Map<String, Long> createdTimes() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT key, EXTRACT(EPOCH FROM created_at)::bigint FROM ai_models");
             ResultSet rs = ps.executeQuery()) {
            Map<String, Long> times = new HashMap<>();
            while (rs.next()) {
                times.put(rs.getString(1), rs.getLong(2));
            }
            return times;
        } catch (SQLException e) {
            throw new AiStudioException("could not read the model catalogue", true, e);
        }
    }
}
