/**
 * The ECS cluster and Fargate service running the host, its task role, its container settings and
 * the load balancer in front of it (the operations guide's "FrontendStack").
 */
package org.aistudio.ops.service;
