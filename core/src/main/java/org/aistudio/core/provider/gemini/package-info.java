/**
 * The Google Gemini adapter: {@code streamGenerateContent} over server-sent events with the JDK
 * {@code HttpClient}. Wire records and error mapping live in {@code gemini.internal}.
 */
package org.aistudio.core.provider.gemini;
