/**
 * HTTP plumbing shared by the OpenAI and Azure OpenAI adapters: the JDK {@code HttpClient}s calls
 * go out on, the request body, the server-sent chunk stream read straight from the client's byte
 * buffers, and error mapping. Not a public API.
 */
package org.aistudio.core.provider.openai.internal;
