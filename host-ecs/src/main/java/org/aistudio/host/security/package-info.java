/** JWT identity: the caller's subject and roles, users created on first sight. */
package org.aistudio.host.security;
