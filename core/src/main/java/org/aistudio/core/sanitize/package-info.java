/**
 * Redaction of secrets and personal data from log lines, error messages and structured values.
 * Start with {@link org.aistudio.core.sanitize.Sanitizer}; everything else here is its machinery.
 */
package org.aistudio.core.sanitize;
