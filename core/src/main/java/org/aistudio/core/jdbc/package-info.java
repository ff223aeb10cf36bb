/** JDBC plumbing shared by the PostgreSQL stores: connections, transactions, one error type. */
package org.aistudio.core.jdbc;
