/**
 * The browser playground: the static page at {@code /}, its security headers, and the tiny
 * endpoint that hands the embedded default run's development token to it.
 */
package org.aistudio.host.playground;
