/** The embedded PostgreSQL of the default run: a persistent data folder, started before the host. */
package org.aistudio.host.db;
