/**
 * The provider SPI: a streaming chat call ({@link org.aistudio.core.provider.ChatProvider}) that
 * emits typed {@link org.aistudio.core.provider.ChatEvent}s and ends with exactly one terminal event.
 */
package org.aistudio.core.provider;
