/** Users, created on first sight from a verified token's subject and roles. */
package org.aistudio.core.user;
