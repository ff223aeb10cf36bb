/**
 * Resilience around any {@link org.aistudio.core.provider.ChatProvider}: retries before the first
 * delta with backoff and jitter, an ordered fallback chain, and per-provider circuit breakers.
 */
package org.aistudio.core.provider.resilience;
