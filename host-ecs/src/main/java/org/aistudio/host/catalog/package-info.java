/** Wiring of the model catalogue: its store and rules, and the models declared in configuration. */
package org.aistudio.host.catalog;
