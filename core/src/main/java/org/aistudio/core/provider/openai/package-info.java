/**
 * The OpenAI adapter: Chat Completions streaming for {@code openai} and for any
 * {@code openai-compatible} server (vLLM, llama.cpp, DeepSeek...), with keys read per call.
 */
package org.aistudio.core.provider.openai;
