/**
 * Rate limits of the host: configuration ({@code aistudio.rate-limit.*}), the core limiter wired
 * into job creation, 429 answers and the {@code X-RateLimit-*} headers.
 */
package org.aistudio.host.ratelimit;
