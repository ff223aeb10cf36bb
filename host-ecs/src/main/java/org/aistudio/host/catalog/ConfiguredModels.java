package org.aistudio.host.catalog;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.aistudio.core.catalog.InvalidModelException;
import org.aistudio.core.catalog.ModelConflictException;
import org.aistudio.core.catalog.ModelDefinition;
import org.aistudio.core.catalog.ModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upserts the models declared under {@code aistudio.models} once at start-up: eager, so it runs
 * after the migrations (which run when the data source is created) and before the server takes
 * traffic. All declared models are validated together; one bad model stops the start with a
 * message naming its property. A declared model is reset to its declaration on every start, so a
 * deployment is reproduced from its configuration alone; changes made through the admin API to
 * such a model last until the next start.
 */
@Context
public class ConfiguredModels {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredModels.class);
    private static final String PREFIX = "aistudio.models.";
    /**
     * Settings of the catalogue itself that live under the same prefix. {@code cache} is how an
     * environment variable {@code AISTUDIO_MODELS_CACHE_TTL} may also be read.
     */
    static final Set<String> RESERVED = Set.of("cache-ttl", "cache");

    private final int changed;

    public ConfiguredModels(List<ModelProperties> declared, ModelStore store) {
        Map<String, ModelProperties> byKey = new TreeMap<>();
        List<ModelDefinition> models = new ArrayList<>();
        for (ModelProperties p : declared) {
            if (RESERVED.contains(p.entry())) {
                continue;
            }
            ModelDefinition d = p.definition();
            ModelProperties twin = byKey.put(d.key(), p);
            if (twin != null) {
                throw new ConfigurationException(PREFIX + twin.entry() + " and " + PREFIX + p.entry()
                        + " both declare the model '" + d.key() + "'; keep one of them");
            }
            models.add(d);
        }
        try {
            this.changed = store.upsertAll(models);
        } catch (InvalidModelException e) {
            ModelProperties p = byKey.get(e.modelKey());
            String entry = p == null ? e.modelKey() : p.entry();
            throw new ConfigurationException("Invalid model in configuration: " + PREFIX + entry + "."
                    + kebab(e.field()) + " " + e.problem());
        } catch (ModelConflictException e) {
            throw new ConfigurationException("Invalid model in configuration: " + e.getMessage()
                    + " (declared under " + PREFIX + ")");
        }
        if (!models.isEmpty()) {
            LOG.info("{} model(s) declared in configuration, {} created or changed", models.size(), changed);
        }
    }

    /** How many declared models this start created or changed. */
    public int changed() {
        return changed;
    }

    /** {@code inputCostPer1k} -> {@code input-cost-per1k}: the property name of an API field. */
    static String kebab(String field) {
        StringBuilder sb = new StringBuilder();
        for (char ch : field.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                sb.append('-').append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
