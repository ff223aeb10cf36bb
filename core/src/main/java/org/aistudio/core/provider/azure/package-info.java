/**
 * The Azure OpenAI adapter: Chat Completions on deployment URLs or on the v1 endpoint, with the
 * {@code api-key} header and Azure's content filter mapped to {@code CONTENT_FILTER}.
 */
package org.aistudio.core.provider.azure;
