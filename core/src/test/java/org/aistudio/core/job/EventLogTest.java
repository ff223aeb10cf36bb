package org.aistudio.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.aistudio.core.job.JobEngineTest.Collector;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.stream.OpenAiChunkEncoder;
import org.aistudio.core.stream.OpenAiCompletionAggregator;
import org.junit.jupiter.api.Test;

/** The log's readers; every append delivers on the appending thread, so assertions follow at once. */
class EventLogTest {

    private static final JobHeader HEADER = new JobHeader(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
            "c1", "m1", "demo", 1_700_000_000L);

    private static final JobEvent.Ended COMPLETED =
            new JobEvent.Ended(JobStatus.COMPLETED, FinishReason.STOP, null, null, null, null);

    @Test
    void a_reader_arriving_after_the_end_gets_an_encoder_that_writes_only_at_the_end_to_its_end() {
        // An encoder that writes nothing for most events (the whole-answer aggregator) must not
        // leave a late reader stuck at the first silent event: nothing else will wake it.
        EventLog log = new EventLog(HEADER, System::nanoTime);
        for (int i = 0; i < 5; i++) {
            log.append(new JobEvent.Text("t" + i + " "));
        }
        log.append(COMPLETED);

        OpenAiCompletionAggregator aggregator = new OpenAiCompletionAggregator();
        Collector reader = Collector.subscribe(log.publisher(() -> aggregator, 0, 1000));

        assertThat(reader.completed()).isTrue();
        assertThat(reader.frames()).hasSize(1);
        assertThat(aggregator.body()).contains("t0 t1 t2 t3 t4 ");
    }

    @Test
    void a_reader_gets_events_appended_while_it_reads_after_silent_ones() {
        EventLog log = new EventLog(HEADER, System::nanoTime);
        log.append(new JobEvent.Text("a"));
        OpenAiCompletionAggregator aggregator = new OpenAiCompletionAggregator();
        Collector reader = Collector.subscribe(log.publisher(() -> aggregator, 0, 1000));
        log.append(new JobEvent.Text("b"));
        assertThat(reader.completed()).isFalse();
        log.append(COMPLETED);

        assertThat(reader.completed()).isTrue();
        assertThat(aggregator.body()).contains("\"content\":\"ab\"");
        assertThat(log.subscriberCount()).isZero();
    }

    @Test
    void readers_come_and_go_independently_and_the_log_is_abandoned_when_all_left() {
        EventLog log = new EventLog(HEADER, System::nanoTime);
        assertThat(log.abandoned()).as("never read").isFalse();
        List<Collector> readers = List.of(chunks(log), chunks(log), chunks(log));
        assertThat(log.subscriberCount()).isEqualTo(3);

        readers.get(1).cancel();
        log.append(new JobEvent.Text("after"));

        assertThat(log.subscriberCount()).isEqualTo(2);
        assertThat(readers.get(0).frames()).anyMatch(f -> f.contains("after"));
        assertThat(readers.get(1).frames()).noneMatch(f -> f.contains("after"));
        assertThat(readers.get(2).frames()).anyMatch(f -> f.contains("after"));
        readers.get(0).cancel();
        readers.get(2).cancel();
        assertThat(log.abandoned()).isTrue();
    }

    /** A streaming reader: every event writes a frame. */
    private static Collector chunks(EventLog log) {
        return Collector.subscribe(log.publisher(() -> new OpenAiChunkEncoder(false), 0, 1000));
    }
}
