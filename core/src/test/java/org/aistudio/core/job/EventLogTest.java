package org.aistudio.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.stream.OpenAiChunkEncoder;
import org.aistudio.core.stream.OpenAiCompletionAggregator;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private static final JobHeader HEADER = new JobHeader(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
            "c1", "m1", "demo", 1_700_000_000L);

    private static final JobEvent.Ended COMPLETED =
            new JobEvent.Ended(JobStatus.COMPLETED, FinishReason.STOP, null, null, null, null);

    @Test
    void a_reader_arriving_after_the_end_gets_an_encoder_that_writes_only_at_the_end_to_its_end() throws Exception {
        // An encoder that writes nothing for most events (the whole-answer aggregator) must not
        // leave a late reader stuck at the first silent event: nothing else will wake it.
        EventLog log = new EventLog(HEADER, System::nanoTime);
        for (int i = 0; i < 5; i++) {
            log.append(new JobEvent.Text("t" + i + " "));
        }
        log.append(COMPLETED);

        OpenAiCompletionAggregator aggregator = new OpenAiCompletionAggregator();
        Collected collected = collect(log.publisher(() -> aggregator, 0, 1000));

        assertThat(collected.done.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(collected.frames).hasSize(1);
        assertThat(aggregator.body()).contains("t0 t1 t2 t3 t4 ");
    }

    @Test
    void a_reader_gets_events_appended_while_it_reads_after_silent_ones() throws Exception {
        EventLog log = new EventLog(HEADER, System::nanoTime);
        log.append(new JobEvent.Text("a"));
        OpenAiCompletionAggregator aggregator = new OpenAiCompletionAggregator();
        Collected collected = collect(log.publisher(() -> aggregator, 0, 1000));
        log.append(new JobEvent.Text("b"));
        assertThat(collected.done).isNotDone();
        log.append(COMPLETED);

        collected.done.get(5, TimeUnit.SECONDS);
        assertThat(aggregator.body()).contains("\"content\":\"ab\"");
        assertThat(log.subscriberCount()).isZero();
    }

    @Test
    void readers_come_and_go_independently_and_the_log_is_abandoned_when_all_left() {
        EventLog log = new EventLog(HEADER, System::nanoTime);
        assertThat(log.abandoned()).as("never read").isFalse();
        List<Flow.Subscription> subscriptions = new ArrayList<>();
        List<List<String>> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> mine = new ArrayList<>();
            frames.add(mine);
            log.publisher(() -> new OpenAiChunkEncoder(false), 0, 1000).subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriptions.add(subscription);
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String item) {
                    mine.add(item);
                }

                @Override
                public void onError(Throwable error) {
                }

                @Override
                public void onComplete() {
                }
            });
        }
        assertThat(log.subscriberCount()).isEqualTo(3);

        subscriptions.get(1).cancel();
        log.append(new JobEvent.Text("after"));

        assertThat(log.subscriberCount()).isEqualTo(2);
        assertThat(frames.get(0)).anyMatch(f -> f.contains("after"));
        assertThat(frames.get(1)).noneMatch(f -> f.contains("after"));
        assertThat(frames.get(2)).anyMatch(f -> f.contains("after"));
        subscriptions.get(0).cancel();
        subscriptions.get(2).cancel();
        assertThat(log.abandoned()).isTrue();
    }

    private record Collected(List<String> frames, CompletableFuture<Void> done) { }

    private static Collected collect(Flow.Publisher<String> publisher) {
        List<String> frames = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String item) {
                frames.add(item);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        return new Collected(frames, done);
    }
}
