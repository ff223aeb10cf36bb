package org.aistudio.core.stream;

import java.util.function.Consumer;
import org.aistudio.core.job.JobEvent;
import org.aistudio.core.job.JobHeader;

/**
 * Turns a job's events into a wire format. Stateful: one instance per response, fed the job's
 * events from the beginning in order, so the frames it numbers are the same on every replay.
 */
public interface StreamEncoder {

    /** Frames that open the response. */
    void begin(JobHeader header, Consumer<Frame> out);

    /** Frames for one event; after {@link JobEvent.Ended} the encoder writes its closing frames. */
    void encode(JobEvent event, Consumer<Frame> out);

    /** A frame that keeps an idle connection open and carries no data. */
    default Frame keepAlive() {
        return KEEP_ALIVE;
    }

    /** A frame that ends a response whose reader fell too far behind, telling it how to resume. */
    Frame overflow(long lastSequence);

    /** The SSE comment sent while upstream is silent. */
    Frame KEEP_ALIVE = Frame.unnumbered(": keep-alive\n\n");
}
