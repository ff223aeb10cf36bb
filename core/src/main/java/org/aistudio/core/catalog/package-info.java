/**
 * The model catalogue: models keyed by the {@code modelId} clients send, with provider, prices,
 * limits, fallbacks and role grants; access rules and cost.
 */
package org.aistudio.core.catalog;
