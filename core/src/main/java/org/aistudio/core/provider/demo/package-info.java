/**
 * The built-in {@code demo} provider: deterministic text at a configurable pace, for the embedded
 * default run and for tests that need no upstream.
 */
package org.aistudio.core.provider.demo;
