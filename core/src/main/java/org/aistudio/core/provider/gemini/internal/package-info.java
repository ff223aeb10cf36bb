/**
 * Gemini wire records, request mapping, stream event mapping and error classification. Not API:
 * may change with the provider's wire format.
 */
package org.aistudio.core.provider.gemini.internal;
