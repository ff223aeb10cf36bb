package org.aistudio.host.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aistudio.core.provider.CredentialSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Provider keys from one Secrets Manager secret holding a JSON object of keys
 * ({@code {"OPENAI_API_KEY": "...", "GOOGLE_API_KEY": "..."}}), cached for a time-to-live and
 * re-read at once when a provider answers 401 (the key was rotated). Names the secret does not
 * hold fall back to the host's configuration. Values are never logged.
 *
 * <p>Only the first read is made by a caller. Once the values have expired, one re-read at a time
 * runs on {@code rereads} while callers go on with the values they have: a chat never waits on
 * Secrets Manager to start, and the chats that arrive during a re-read do not queue behind it.
 */
final class SecretsManagerCredentialSource implements CredentialSource {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerCredentialSource.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SecretsManagerClient client;
    private final String secretId;
    private final Duration ttl;
    private final Clock clock;
    private final CredentialSource fallback;
    private final Executor rereads;
    private final AtomicBoolean rereading = new AtomicBoolean();
    private volatile Map<String, String> values = Map.of();
    private volatile Instant loadedAt = Instant.MIN;

    SecretsManagerCredentialSource(SecretsManagerClient client, String secretId, Duration ttl, Clock clock,
                                   CredentialSource fallback, Executor rereads) {
        this.client = client;
        this.secretId = secretId;
        this.ttl = ttl;
        this.clock = clock;
        this.fallback = fallback;
        this.rereads = rereads;
    }

    @Override
    public Optional<String> get(String name) {
        Instant read = loadedAt;
        if (read.equals(Instant.MIN)) {
            readFirst();
        } else if (clock.instant().isAfter(read.plus(ttl))) {
            rereadBehind();
        }
        String value = values.get(name);
        return value != null && !value.isBlank() ? Optional.of(value) : fallback.get(name);
    }

    /** Once the first read is done: later re-reads run behind the callers. */
    @Override
    public boolean readsWithoutWaiting() {
        return !loadedAt.equals(Instant.MIN);
    }

    @Override
    public synchronized void refresh() {
        try {
            String json = client.getSecretValue(b -> b.secretId(secretId)).secretString();
            Map<String, String> parsed = new HashMap<>();
            JsonNode node = MAPPER.readTree(json);
            node.fields().forEachRemaining(e -> parsed.put(e.getKey(), e.getValue().asText()));
            values = Map.copyOf(parsed);
            loadedAt = clock.instant();
        } catch (IOException | RuntimeException e) {
            // Keep the last good values; try again at the next read.
            LOG.warn("Could not read the provider secret {}: {}", secretId, e.getClass().getSimpleName());
            loadedAt = clock.instant().minus(ttl).plusSeconds(5);
        }
    }

    private synchronized void readFirst() {
        // The chats that came in together wait for one read, not one each.
        if (loadedAt.equals(Instant.MIN)) {
            refresh();
        }
    }

    private void rereadBehind() {
        if (!rereading.compareAndSet(false, true)) {
            return;
        }
        try {
            rereads.execute(() -> {
                try {
                    refresh();
                } finally {
                    rereading.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: the next caller tries again.
            rereading.set(false);
        }
    }

    @Override
    public String toString() {
        return "SecretsManagerCredentialSource[" + secretId + "]";
    }
}
