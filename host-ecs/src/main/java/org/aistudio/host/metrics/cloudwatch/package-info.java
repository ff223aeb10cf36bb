/**
 * The CloudWatch export: a step registry publishing the streaming metrics under the operations
 * guide's names ({@code AIStudio/Streaming}, {@code JobsCreated}, ...) with the dimensions the
 * CDK dashboard and alarms read, and latencies as value distributions so CloudWatch's own
 * percentiles (p50, p99) work.
 */
package org.aistudio.host.metrics.cloudwatch;
