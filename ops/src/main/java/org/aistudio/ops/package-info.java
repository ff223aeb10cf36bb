/**
 * The CDK app that deploys AI Studio Streaming to AWS: {@link org.aistudio.ops.App} is the entry
 * point, {@link org.aistudio.ops.Settings} the per-environment values read from CDK context.
 */
package org.aistudio.ops;
