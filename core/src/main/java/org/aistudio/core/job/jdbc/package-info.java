/** The PostgreSQL implementation of the job store, on plain JDBC over any pooled DataSource. */
package org.aistudio.core.job.jdbc;
