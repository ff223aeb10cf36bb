package org.aistudio.host.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;
import java.util.List;
import org.aistudio.core.catalog.ModelDefinition;

/**
 * A model as the admin API shows it: exactly the fields a POST or PUT takes, so that what a GET
 * returns can be edited and sent back. Unset limits are shown as null.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AdminModelView(String key, String name, String provider, String providerModelId, boolean active,
                             Integer maxTokens, BigDecimal inputCostPer1k, BigDecimal outputCostPer1k,
                             List<String> fallbacks, List<String> roles, boolean reasoning,
                             Integer firstTokenTimeoutMs, Integer idleTimeoutMs, Integer totalTimeoutMs) {

    /** The list answer of {@code GET /api/admin/models}. */
    @Serdeable
    public record ModelList(List<AdminModelView> models) {
    }

    static AdminModelView of(ModelDefinition d) {
        return new AdminModelView(d.key(), d.name(), d.provider(), d.providerModelId(), d.active(), d.maxTokens(),
                plain(d.inputCostPer1k()), plain(d.outputCostPer1k()), d.fallbacks(), d.roles(), d.reasoning(),
                d.firstTokenTimeoutMs(), d.idleTimeoutMs(), d.totalTimeoutMs());
    }

    /** 10 rather than 1E+1: the definition keeps prices without trailing zeros. */
    private static BigDecimal plain(BigDecimal value) {
        return new BigDecimal(value.toPlainString());
    }
}
