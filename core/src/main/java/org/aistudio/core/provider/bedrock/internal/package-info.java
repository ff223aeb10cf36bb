/**
 * Bedrock request mapping, ConverseStream event reading and exception classification. Not API:
 * may change with the SDK.
 */
package org.aistudio.core.provider.bedrock.internal;
