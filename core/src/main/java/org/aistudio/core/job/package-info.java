/**
 * Streaming jobs: the lifecycle state machine, the store, the runner that drives one job from
 * provider events to persisted content, the event log clients subscribe to, batched checkpoints,
 * the stale-job sweeper and retention.
 */
package org.aistudio.core.job;
