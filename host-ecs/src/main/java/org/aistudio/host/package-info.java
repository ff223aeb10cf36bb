/**
 * The Micronaut host for ECS: factories that turn configuration into core objects, controllers,
 * security, management endpoints and the process entry point.
 */
package org.aistudio.host;
