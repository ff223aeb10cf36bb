/**
 * The model catalogue: models keyed by the {@code modelId} clients send, with provider, prices,
 * limits, fallbacks and role grants; access rules and cost; the cached read side
 * ({@link org.aistudio.core.catalog.JdbcModelCatalog}) and the validated write side
 * ({@link org.aistudio.core.catalog.ModelStore}, {@link org.aistudio.core.catalog.ModelRules}).
 */
package org.aistudio.core.catalog;
