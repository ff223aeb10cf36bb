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
import org.aistudio.core.provider.CredentialSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Provider keys from one Secrets Manager secret holding a JSON object of keys
 * ({@code {"OPENAI_API_KEY": "...", "GOOGLE_API_KEY": "..."}}), cached for a time-to-live and
 * re-read at once when a provider answers 401 (the key was rotated). Names the secret does not
 * hold fall back to the host's configuration. Values are never logged.
 */
final class SecretsManagerCredentialSource implements CredentialSource {

    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerCredentialSource.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SecretsManagerClient client;
    private final String secretId;
    private final Duration ttl;
    private final Clock clock;
    private final CredentialSource fallback;
    private volatile Map<String, String> values = Map.of();
    private volatile Instant loadedAt = Instant.MIN;

    SecretsManagerCredentialSource(SecretsManagerClient client, String secretId, Duration ttl, Clock clock,
                                   CredentialSource fallback) {
        this.client = client;
        this.secretId = secretId;
        this.ttl = ttl;
        this.clock = clock;
        this.fallback = fallback;
    }

    @Override
    public Optional<String> get(String name) {
        if (clock.instant().isAfter(loadedAt.plus(ttl))) {
            refresh();
        }
        String value = values.get(name);
        return value != null && !value.isBlank() ? Optional.of(value) : fallback.get(name);
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

    @Override
    public String toString() {
        return "SecretsManagerCredentialSource[" + secretId + "]";
    }
}
