package org.aistudio.core.catalog;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Read access to the model catalogue. */
public interface ModelCatalog {

    /** A model by key, active or not. */
    Optional<ModelInfo> find(String key);

    /** Every model, active or not. */
    List<ModelInfo> all();

    /** Active models a user with these roles may use, sorted by key. */
    default List<ModelInfo> allowedFor(Set<String> roles) {
        return all().stream().filter(ModelInfo::active).filter(m -> m.allows(roles)).toList();
    }
}
