/**
 * The management port: who may call it (admins; liveness and readiness are open), the health
 * indicators (database, migrations, providers, draining), build information, and the
 * {@code /jobs} endpoint.
 */
package org.aistudio.host.management;
