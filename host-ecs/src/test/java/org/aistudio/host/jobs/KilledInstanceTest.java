package org.aistudio.host.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.aistudio.core.job.JobEngine;
import org.aistudio.core.provider.ScriptedProvider.Script;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.aistudio.host.support.ChatBodies;
import org.aistudio.host.support.Http;
import org.aistudio.host.support.RunningHost;
import org.aistudio.host.support.ScriptedProviders;
import org.aistudio.host.support.SseStream;
import org.junit.jupiter.api.Test;

/** An instance that dies without draining: another instance's sweeper ends its job with the partial content. */
class KilledInstanceTest {

    @Test
    void the_survivors_sweeper_fails_the_lost_job_and_keeps_its_partial_content() {
        TestDatabase db = EmbeddedDatabase.createDatabase();
        ScriptedProviders.addModel(db, "scripted", null, null);
        Map<String, Object> props = Map.of("test.scripted", "true", "aistudio.jobs.stale-after", "2s",
                "aistudio.jobs.heartbeat-interval", "300ms", "aistudio.jobs.checkpoint-interval", "50ms");
        RunningHost doomed = RunningHost.start(db, props);
        String jobId;
        ScriptedProviders.PROVIDER.enqueue(Script.stallAfter("last words "));
        try (SseStream stream = Http.openChat(doomed.uri("/api/chat"), doomed.token("carol", "user"),
                ChatBodies.chat("c-killed", "scripted", "go"))) {
            jobId = stream.header("x-job-id");
            await().atMost(Duration.ofSeconds(10)).until(() -> "last words ".equals(
                    db.queryString("SELECT partial_content FROM ai_streaming_jobs WHERE id = '" + jobId + "'")));
            // The instance disappears: its engine stops, nothing is drained or written any more.
            doomed.bean(JobEngine.class).close();
        }
        try (RunningHost survivor = RunningHost.start(db, props)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(
                    db.queryString("SELECT status::text FROM ai_streaming_jobs WHERE id = '" + jobId + "'")));
            assertThat(db.queryString("SELECT error_message FROM ai_streaming_jobs WHERE id = '" + jobId + "'"))
                    .isEqualTo("interrupted: instance lost");
            assertThat(db.queryString("SELECT content FROM messages WHERE job_id = '" + jobId + "'"))
                    .isEqualTo("last words ");
        } finally {
            doomed.close();
        }
    }
}
