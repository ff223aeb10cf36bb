/** Configuration records bound from {@code application.yml} and environment variables. */
package org.aistudio.host.config;
