/**
 * Wire encoders: pure functions from job events to frames, for the AI SDK UI message stream v1
 * and OpenAI's {@code chat.completion.chunk} stream (plus the non-streaming {@code chat.completion}
 * aggregator). Tested without a server, reused by any host.
 */
package org.aistudio.core.stream;
