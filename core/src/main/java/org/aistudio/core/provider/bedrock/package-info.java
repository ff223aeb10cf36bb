/**
 * The Amazon Bedrock adapter: {@code ConverseStream} through the AWS SDK v2 async client.
 * Request mapping, stream reading and error classification live in {@code bedrock.internal}.
 */
package org.aistudio.core.provider.bedrock;
