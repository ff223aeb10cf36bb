/** The ECR repository the host image is pushed to before the service can start. */
package org.aistudio.ops.registry;
