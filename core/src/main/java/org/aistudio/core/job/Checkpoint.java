package org.aistudio.core.job;

import java.util.UUID;

/** A running job's partial content and progress, written in batches. */
public record Checkpoint(UUID jobId, String partialContent, String progressInfo) {
}
