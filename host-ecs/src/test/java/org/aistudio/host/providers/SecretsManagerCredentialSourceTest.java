package org.aistudio.host.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.aistudio.core.provider.CredentialSource;
import org.aistudio.fixtures.time.SettableClock;
import org.aistudio.fixtures.upstream.FakeSecretsManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Expired keys are re-read behind the callers, one read at a time, against a real Secrets Manager wire. */
class SecretsManagerCredentialSourceTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private final SettableClock clock = SettableClock.startingNow();
    private final Queue<Runnable> rereads = new ArrayDeque<>();
    private FakeSecretsManager secrets;
    private SecretsManagerClient client;

    @BeforeEach
    void start() {
        secrets = FakeSecretsManager.start();
        secrets.putSecret("keys", "{\"OPENAI_API_KEY\":\"sk-first\"}");
        client = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(secrets.baseUrl()))
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        secrets.close();
    }

    @Test
    void the_first_caller_reads_the_secret_and_later_callers_use_the_copy() {
        CredentialSource source = source(rereads::add);
        assertThat(source.readsWithoutWaiting()).as("the first read waits for the store").isFalse();

        assertThat(source.get("OPENAI_API_KEY")).contains("sk-first");
        assertThat(source.readsWithoutWaiting()).isTrue();
        assertThat(source.get("OPENAI_API_KEY")).contains("sk-first");

        assertThat(secrets.getSecretValueCalls()).isEqualTo(1);
        assertThat(rereads).isEmpty();
    }

    @Test
    void expired_values_are_served_while_one_re_read_runs_behind() {
        CredentialSource source = source(rereads::add);
        source.get("OPENAI_API_KEY");
        secrets.putSecret("keys", "{\"OPENAI_API_KEY\":\"sk-rotated\"}");
        clock.advance(TTL.plusSeconds(1));

        assertThat(source.readsWithoutWaiting()).as("expired values are served as they are re-read").isTrue();
        assertThat(source.get("OPENAI_API_KEY")).as("no caller waits on the store").contains("sk-first");
        assertThat(source.get("OPENAI_API_KEY")).contains("sk-first");
        assertThat(rereads).as("one re-read for the callers that came while it was pending").hasSize(1);
        assertThat(secrets.getSecretValueCalls()).isEqualTo(1);

        rereads.remove().run();

        assertThat(source.get("OPENAI_API_KEY")).contains("sk-rotated");
        assertThat(secrets.getSecretValueCalls()).isEqualTo(2);
        assertThat(rereads).as("fresh again: nothing more to re-read").isEmpty();
    }

    @Test
    void a_failed_re_read_keeps_the_last_good_values_and_is_tried_again() {
        CredentialSource source = source(rereads::add);
        source.get("OPENAI_API_KEY");
        secrets.failNext(400, "AccessDeniedException", "not allowed");
        clock.advance(TTL.plusSeconds(1));

        source.get("OPENAI_API_KEY");
        rereads.remove().run();

        assertThat(source.get("OPENAI_API_KEY")).contains("sk-first");
        clock.advance(Duration.ofSeconds(6));
        source.get("OPENAI_API_KEY");
        assertThat(rereads).as("the next read after the pause is queued again").hasSize(1);
    }

    @Test
    void a_refused_re_read_lets_the_next_caller_queue_one() {
        boolean[] refuse = {true};
        CredentialSource source = source(task -> {
            if (refuse[0]) {
                throw new RejectedExecutionException("shutting down");
            }
            rereads.add(task);
        });
        source.get("OPENAI_API_KEY");
        clock.advance(TTL.plusSeconds(1));

        assertThat(source.get("OPENAI_API_KEY")).contains("sk-first");
        refuse[0] = false;
        source.get("OPENAI_API_KEY");

        assertThat(rereads).hasSize(1);
    }

    @Test
    void names_the_secret_does_not_hold_come_from_the_fallback() {
        CredentialSource source = source(rereads::add);

        assertThat(source.get("GOOGLE_API_KEY")).contains("from-config");
    }

    private CredentialSource source(Executor executor) {
        return new SecretsManagerCredentialSource(client, "keys", TTL, clock,
                CredentialSource.of(Map.of("GOOGLE_API_KEY", "from-config")), executor);
    }
}
