/** Azure's URL shapes and {@code api-key} header over the shared OpenAI plumbing. Not a public API. */
package org.aistudio.core.provider.azure.internal;
