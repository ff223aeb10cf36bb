/** The HTTP API of the contract: chat streaming, jobs, conversations, models and health. Thin controllers. */
package org.aistudio.host.api;
