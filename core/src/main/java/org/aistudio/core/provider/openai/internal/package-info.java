/**
 * HTTP plumbing shared by the OpenAI and Azure OpenAI adapters: the Spring AI {@code OpenAiApi}
 * client over the JDK {@code HttpClient}, request mapping, chunk translation and error mapping.
 * Not a public API.
 */
package org.aistudio.core.provider.openai.internal;
