/**
 * AI Studio Streaming core: a plain-Java library with the provider SPI and adapters, the job
 * lifecycle, wire encoders, sanitization and rate-limit policy. No framework in its API.
 */
package org.aistudio.core;
