package org.aistudio.core.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a catalogue write must satisfy, for the admin API and the configuration alike. A single
 * definition must have a valid key, a known provider, non-negative prices and positive limits;
 * a write as a whole must leave every fallback pointing at an existing active model, with no
 * cycles, and may not deactivate a model that an active model falls back to.
 */
public final class ModelRules {

    /** The key pattern, the same as the {@code ai_models.key} CHECK constraint. */
    public static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    /** Longest name or provider model id. */
    public static final int MAX_TEXT_LENGTH = 200;
    /** Prices are stored as NUMERIC(14,6): at most six decimals, below 10^8. */
    public static final int MAX_PRICE_DECIMALS = 6;
    public static final BigDecimal MAX_PRICE = new BigDecimal("99999999.999999");
    /** More fallbacks than this only delay a failure the client waits for. */
    public static final int MAX_FALLBACKS = 10;

    private static final Pattern ROLE = Pattern.compile("[^\\s\\p{Cntrl}]{1,128}");

    private final KnownProviders providers;

    public ModelRules(KnownProviders providers) {
        this.providers = providers;
    }

    /** Checks one definition on its own; throws {@link InvalidModelException} naming the first bad field. */
    public void checkFields(ModelDefinition d) {
        String key = d.key();
        if (key == null || key.isEmpty()) {
            throw invalid(key, "key", "is required");
        }
        if (!KEY.matcher(key).matches()) {
            throw invalid(key, "key", "must be 1 to 100 letters, digits, '.', '_', ':' or '-', starting with a "
                    + "letter or digit, got '" + printable(key) + "'");
        }
        text(key, "name", d.name());
        text(key, "provider", d.provider());
        if (!providers.contains(d.provider())) {
            throw invalid(key, "provider", "'" + printable(d.provider()) + "' is not a known provider; known: "
                    + String.join(", ", providers.names()));
        }
        text(key, "providerModelId", d.providerModelId());
        positive(key, "maxTokens", d.maxTokens());
        price(key, "inputCostPer1k", d.inputCostPer1k());
        price(key, "outputCostPer1k", d.outputCostPer1k());
        positive(key, "firstTokenTimeoutMs", d.firstTokenTimeoutMs());
        positive(key, "idleTimeoutMs", d.idleTimeoutMs());
        positive(key, "totalTimeoutMs", d.totalTimeoutMs());
        for (int i = 0; i < d.roles().size(); i++) {
            if (!ROLE.matcher(d.roles().get(i)).matches()) {
                throw invalid(key, "roles", "must hold role names of 1 to 128 characters without spaces, got '"
                        + printable(d.roles().get(i)) + "'");
            }
        }
        if (d.fallbacks().size() > MAX_FALLBACKS) {
            throw invalid(key, "fallbacks", "may name at most " + MAX_FALLBACKS + " models");
        }
    }

    /**
     * Checks that writing {@code changes} over the catalogue {@code current} (by key) is allowed:
     * each change passes {@link #checkFields}, its fallbacks exist, are active and make no cycle,
     * and no change deactivates a model that an active model falls back to.
     *
     * @throws InvalidModelException for a bad field
     * @throws ModelConflictException when a deactivated model is another active model's fallback
     */
    public void checkChanges(Collection<ModelDefinition> changes, Map<String, ModelDefinition> current) {
        changes.forEach(this::checkFields);
        Map<String, ModelDefinition> proposed = new LinkedHashMap<>(current);
        changes.forEach(d -> proposed.put(d.key(), d));
        for (ModelDefinition d : changes) {
            checkFallbacks(d, proposed);
        }
        for (ModelDefinition d : changes) {
            if (!d.active()) {
                checkDeactivation(d.key(), proposed);
            }
        }
    }

    private static void checkFallbacks(ModelDefinition d, Map<String, ModelDefinition> proposed) {
        Set<String> seen = new HashSet<>();
        for (String target : d.fallbacks()) {
            if (!seen.add(target)) {
                throw invalid(d.key(), "fallbacks", "names '" + printable(target) + "' more than once");
            }
            if (target.equals(d.key())) {
                throw invalid(d.key(), "fallbacks", "would make a cycle: " + d.key() + " -> " + d.key());
            }
            ModelDefinition m = proposed.get(target);
            if (m == null) {
                throw invalid(d.key(), "fallbacks", "names '" + printable(target) + "', which is not a model");
            }
            if (!m.active()) {
                throw invalid(d.key(), "fallbacks", "names '" + target + "', which is not active");
            }
        }
        List<String> cycle = cycleThrough(d.key(), proposed);
        if (cycle != null) {
            throw invalid(d.key(), "fallbacks", "would make a cycle: " + String.join(" -> ", cycle));
        }
    }

    /**
     * Checks that no active model of {@code proposed} (the catalogue after the write) falls back
     * to the model {@code key}, which the write deactivates.
     *
     * @throws ModelConflictException ({@code IN_USE}) naming the active models that fall back to it
     */
    public void checkDeactivation(String key, Map<String, ModelDefinition> proposed) {
        List<String> referrers = proposed.values().stream()
                .filter(m -> m.active() && m.fallbacks().contains(key)).map(ModelDefinition::key).sorted().toList();
        if (!referrers.isEmpty()) {
            throw new ModelConflictException(key, ModelConflictException.Reason.IN_USE, "model '" + key
                    + "' is a fallback of the active model(s) " + String.join(", ", referrers)
                    + "; remove it from their fallbacks before deactivating it");
        }
    }

    /** A path start -> ... -> start along fallbacks, or null when there is none. */
    private static List<String> cycleThrough(String start, Map<String, ModelDefinition> proposed) {
        List<String> path = new ArrayList<>();
        path.add(start);
        return walk(start, start, proposed, path, new HashSet<>());
    }

    private static List<String> walk(String start, String node, Map<String, ModelDefinition> proposed,
                                     List<String> path, Set<String> visited) {
        ModelDefinition m = proposed.get(node);
        if (m == null) {
            return null;
        }
        for (String next : m.fallbacks()) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (visited.add(next)) {
                path.add(next);
                List<String> found = walk(start, next, proposed, path, visited);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }

    private static void text(String key, String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(key, field, "is required");
        }
        if (value.length() > MAX_TEXT_LENGTH) {
            throw invalid(key, field, "must be at most " + MAX_TEXT_LENGTH + " characters long");
        }
    }

    private static void positive(String key, String field, Integer value) {
        if (value != null && value <= 0) {
            throw invalid(key, field, "must be a positive number, got " + value);
        }
    }

    private static void price(String key, String field, BigDecimal value) {
        if (value.signum() < 0) {
            throw invalid(key, field, "must not be negative, got " + value.toPlainString());
        }
        if (value.compareTo(MAX_PRICE) > 0) {
            throw invalid(key, field, "must be below 100000000, got " + value.toPlainString());
        }
        if (value.stripTrailingZeros().scale() > MAX_PRICE_DECIMALS) {
            throw invalid(key, field, "may have at most " + MAX_PRICE_DECIMALS + " decimals, got "
                    + value.toPlainString());
        }
    }

    private static InvalidModelException invalid(String key, String field, String problem) {
        return new InvalidModelException(key, field, problem);
    }

    /** Echoes client text in a message without letting it forge lines or grow without bound. */
    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 120 ? clean : clean.substring(0, 117) + "...";
    }
}
