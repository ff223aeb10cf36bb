/** The admin API ({@code /api/admin/**}, role {@code admin}): the model catalogue. */
package org.aistudio.host.admin;
