package org.aistudio.host.catalog;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import java.math.BigDecimal;
import java.util.List;
import org.aistudio.core.catalog.ModelDefinition;

/**
 * A model declared in configuration, {@code aistudio.models.<entry>.*}, upserted at start-up.
 * The property names are the admin API's fields in kebab case ({@code provider-model-id},
 * {@code input-cost-per1k}, ...). {@code key} defaults to the entry's name; set it for keys that
 * a property name cannot hold, such as {@code gpt-4.1}.
 */
@EachProperty("aistudio.models")
public record ModelProperties(@Parameter String entry, @Nullable String key, @Nullable String name,
                              @Nullable String provider, @Nullable String providerModelId, @Nullable Boolean active,
                              @Nullable Integer maxTokens, @Nullable BigDecimal inputCostPer1k,
                              @Nullable BigDecimal outputCostPer1k, @Nullable List<String> fallbacks,
                              @Nullable List<String> roles, @Nullable Boolean reasoning,
                              @Nullable Integer firstTokenTimeoutMs, @Nullable Integer idleTimeoutMs,
                              @Nullable Integer totalTimeoutMs) {

    /** The definition these properties declare; missing values take the API's defaults. */
    public ModelDefinition definition() {
        return ModelDefinition.builder(key == null || key.isBlank() ? entry : key).name(name).provider(provider)
                .providerModelId(providerModelId).active(active == null || active).maxTokens(maxTokens)
                .inputCostPer1k(inputCostPer1k).outputCostPer1k(outputCostPer1k).fallbacks(listed(fallbacks)).roles(listed(roles))
                .reasoning(reasoning != null && reasoning).firstTokenTimeoutMs(firstTokenTimeoutMs)
                .idleTimeoutMs(idleTimeoutMs).totalTimeoutMs(totalTimeoutMs).build();
    }

    /** An empty value ({@code roles=}) declares an empty list, not one blank name. */
    private static List<String> listed(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    }
}
