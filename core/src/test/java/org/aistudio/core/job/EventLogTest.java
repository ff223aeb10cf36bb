package org.aistudio.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.aistudio.core.job.JobEngineTest.Collector;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.Usage;
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

    @Test
    void deltas_come_back_as_they_were_appended_in_order_with_the_other_events_between_them() {
        EventLog log = new EventLog(HEADER, System::nanoTime);
        List<JobEvent> appended = List.of(
                new JobEvent.Reasoning("think"),
                new JobEvent.Text("Bonjour, "),
                new JobEvent.UsageUpdate(new Usage(3, 1, 0)),
                new JobEvent.Reasoning(" more"),
                new JobEvent.Text("\u00e9t\u00e9 \ud83d"),
                new JobEvent.Text("\ude00"),
                new JobEvent.Text(""),
                new JobEvent.Text("!"),
                COMPLETED);
        appended.forEach(log::append);

        assertThat(log.events()).containsExactlyElementsOf(appended);
        assertThat(log.text()).isEqualTo("Bonjour, \u00e9t\u00e9 \ud83d\ude00!");
        assertThat(log.reasoning()).isEqualTo("think more");
        assertThat(log.progress()).isEqualTo(new EventLog.Progress(7, 16, 10));
        for (int i = 0; i < appended.size(); i++) {
            assertThat(log.get(i)).isEqualTo(appended.get(i));
        }
        assertThatThrownBy(() -> log.get(appended.size())).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void an_ended_log_takes_no_more_events_and_keeps_what_it_had() {
        EventLog log = new EventLog(HEADER, System::nanoTime);
        assertThat(log.text()).isEmpty();
        assertThat(log.reasoning()).isEmpty();
        for (int i = 0; i < 100; i++) {
            log.append(new JobEvent.Text(i + ","));
        }
        log.append(COMPLETED);
        log.append(new JobEvent.Text("late"));
        log.append(new JobEvent.Ended(JobStatus.FAILED, null, null, null, "lost", "again"));

        assertThat(log.size()).isEqualTo(101);
        assertThat(log.get(99)).isEqualTo(new JobEvent.Text("99,"));
        assertThat(log.get(100)).isEqualTo(COMPLETED);
        assertThat(log.text()).startsWith("0,1,2,").endsWith("98,99,").doesNotContain("late");

        // A reader arriving after the end still replays every delta.
        Collector late = chunks(log);
        assertThat(late.completed()).isTrue();
        assertThat(late.frames()).filteredOn(f -> f.contains("\"delta\":{\"content\":\"")).hasSize(100);
    }

    @Test
    void a_stored_answer_adds_only_what_the_log_does_not_have_yet() {
        EventLog log = new EventLog(HEADER, System::nanoTime);
        log.appendStoredText(null);
        log.appendStoredText("Hello");
        log.appendStoredText("Hel");
        log.appendStoredText("Hello");
        log.appendStoredText("Hello, world");

        assertThat(log.events()).containsExactly(new JobEvent.Text("Hello"), new JobEvent.Text(", world"));
        assertThat(log.text()).isEqualTo("Hello, world");
    }

    /** A streaming reader: every event writes a frame. */
    private static Collector chunks(EventLog log) {
        return Collector.subscribe(log.publisher(() -> new OpenAiChunkEncoder(false), 0, 1000));
    }
}
