/** Aurora Serverless v2 PostgreSQL, its generated credentials and their rotation. */
package org.aistudio.ops.database;
