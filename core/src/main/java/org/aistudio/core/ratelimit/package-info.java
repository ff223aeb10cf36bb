/**
 * Rate limits per user: the policy (creations per minute, concurrent streams, per-role
 * overrides), the decision a check returns, and a PostgreSQL limiter shared by every instance.
 */
package org.aistudio.core.ratelimit;
