/**
 * Providers from configuration: which adapters this host can call, where their keys come from
 * (environment or one Secrets Manager secret), and the per-model route with retries, fallbacks
 * and circuit breakers.
 */
package org.aistudio.host.providers;
