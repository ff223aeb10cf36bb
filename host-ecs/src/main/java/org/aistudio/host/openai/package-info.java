/**
 * The OpenAI-compatible surface under {@code /v1}: chat completions (streamed as
 * {@code chat.completion.chunk} SSE or answered whole), the caller's models, and resume and cancel
 * of a completion's job. Errors answer in OpenAI's shape.
 */
package org.aistudio.host.openai;
