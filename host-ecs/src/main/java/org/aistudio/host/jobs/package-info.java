/** Wiring of the core job engine, providers and stores, admission of chats, and the drain on shutdown. */
package org.aistudio.host.jobs;
