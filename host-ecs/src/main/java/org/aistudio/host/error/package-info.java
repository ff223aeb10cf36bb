/** One JSON error shape for the whole API, request ids, and the mapping of core errors to HTTP. */
package org.aistudio.host.error;
