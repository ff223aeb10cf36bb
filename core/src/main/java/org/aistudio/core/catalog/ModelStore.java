package org.aistudio.core.catalog;

import java.util.List;
import java.util.Optional;

/**
 * Writes the model catalogue. Every write is validated by {@link ModelRules} against the
 * catalogue as it is at that moment and happens in one transaction with the model's grants.
 * Models are never deleted: {@link #deactivate} keeps the row that jobs, messages and
 * conversations refer to.
 */
public interface ModelStore {

    /** Every model, active or not, as stored now (not cached), in key order. */
    List<ModelDefinition> list();

    /** A model by key, active or not, as stored now. */
    Optional<ModelDefinition> find(String key);

    /**
     * Adds a model.
     *
     * @throws InvalidModelException when a field is invalid
     * @throws ModelConflictException ({@code EXISTS}) when the key is taken, also by an inactive model
     */
    ModelDefinition create(ModelDefinition model);

    /**
     * Replaces every field and grant of the model {@code model.key()}.
     *
     * @throws org.aistudio.core.NotFoundException when there is no such model
     * @throws InvalidModelException when a field is invalid
     * @throws ModelConflictException ({@code IN_USE}) when it deactivates another active model's fallback
     */
    ModelDefinition replace(ModelDefinition model);

    /**
     * Marks the model inactive: new requests are refused, running jobs finish, history keeps it.
     * Deactivating an inactive model changes nothing.
     *
     * @throws org.aistudio.core.NotFoundException when there is no such model
     * @throws ModelConflictException ({@code IN_USE}) when an active model falls back to it
     */
    ModelDefinition deactivate(String key);

    /**
     * Creates or replaces all {@code models} at once, validated together (so they may fall back
     * to each other): the configuration's models at start-up. Unchanged models are not written.
     *
     * @return how many models were created or changed
     */
    int upsertAll(List<ModelDefinition> models);
}
