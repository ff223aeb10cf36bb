/**
 * Micrometer metrics of the streaming jobs (named after the operations guide), fed by the job
 * engine's observer and by the resilience and rate-limit code through {@link org.aistudio.host.metrics.StreamingMetrics}.
 */
package org.aistudio.host.metrics;
