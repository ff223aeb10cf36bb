package org.aistudio.host.security;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.ReactiveJsonWebTokenValidator;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens already verified, so that a caller's next requests skip the signature and
 * claims checks (about half a millisecond of CPU each: JSON parsed three times, a {@code Mac}
 * looked up by reflection, a hand-off to the blocking pool and back).
 *
 * <p>Micronaut's JWT validator is wrapped as it is created. A token is answered from memory only
 * when exactly the same string was verified before, and only until the earlier of its {@code exp}
 * plus the clock skew (when {@link TokenClaimsValidator} would refuse it) and {@code cache-ttl}
 * after its check. Refused tokens are never kept. A signing key withdrawn from the JWKS document
 * is still trusted for up to a minute by Micronaut's own key cache; a token it signed may be
 * accepted for up to {@code cache-ttl} after that here. None of the claims checks depends on the
 * request, so the request is no part of the key.
 */
@Singleton
public class VerifiedTokens implements BeanCreatedEventListener<ReactiveJsonWebTokenValidator<?, ?>> {

    private final Clock clock;
    private final Duration skew;
    private final Duration ttl;
    private final int capacity;
    /** Most recently used last; guarded by itself. */
    private final Map<String, Verified> verified;

    private record Verified(Authentication authentication, Instant until) {
    }

    public VerifiedTokens(TokenSettings settings, Clock clock) {
        this.clock = clock;
        this.skew = settings.clockSkew();
        this.ttl = settings.cacheTtl();
        this.capacity = settings.cacheSize();
        this.verified = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public ReactiveJsonWebTokenValidator<?, ?> onCreated(BeanCreatedEvent<ReactiveJsonWebTokenValidator<?, ?>> event) {
        return wrap((ReactiveJsonWebTokenValidator) event.getBean());
    }

    /** The validator answering from memory, or the validator itself when the memory is off. */
    <T, R> ReactiveJsonWebTokenValidator<T, R> wrap(ReactiveJsonWebTokenValidator<T, R> validator) {
        boolean on = capacity > 0 && !ttl.isZero() && !ttl.isNegative();
        return on ? new Remembering<>(validator) : validator;
    }

    /** Tokens remembered now. */
    int size() {
        synchronized (verified) {
            return verified.size();
        }
    }

    /** The authentication of a token verified before and still good, or null. */
    Authentication recall(String token) {
        Instant now = clock.instant();
        synchronized (verified) {
            Verified entry = verified.get(token);
            if (entry == null) {
                return null;
            }
            if (!now.isBefore(entry.until())) {
                verified.remove(token);
                return null;
            }
            return entry.authentication();
        }
    }

    /** Keeps a token its validator has just accepted; one without a readable {@code exp} is not kept. */
    void remember(String token, Authentication authentication) {
        Instant expires = expiry(authentication.getAttributes().get("exp"));
        if (expires == null) {
            return;
        }
        Instant now = clock.instant();
        Instant until = expires.plus(skew);
        Instant latest = now.plus(ttl);
        if (until.isAfter(latest)) {
            until = latest;
        }
        if (!now.isBefore(until)) {
            return;
        }
        synchronized (verified) {
            verified.put(token, new Verified(authentication, until));
        }
    }

    private static Instant expiry(Object exp) {
        if (exp instanceof Date date) {
            return date.toInstant();
        }
        if (exp instanceof Instant instant) {
            return instant;
        }
        if (exp instanceof Number seconds) {
            return Instant.ofEpochSecond(seconds.longValue());
        }
        return null;
    }

    /** The validator, answering from memory what it has accepted before. */
    private final class Remembering<T, R> implements ReactiveJsonWebTokenValidator<T, R> {

        private final ReactiveJsonWebTokenValidator<T, R> validator;

        Remembering(ReactiveJsonWebTokenValidator<T, R> validator) {
            this.validator = validator;
        }

        @Override
        public Publisher<Authentication> validateToken(String token, R request) {
            Authentication known = recall(token);
            if (known != null) {
                return Mono.just(known);
            }
            return Mono.from(validator.validateToken(token, request))
                    .doOnNext(authentication -> remember(token, authentication));
        }

        @Override
        public Publisher<T> validate(String token, R request) {
            return validator.validate(token, request);
        }

        @Override
        public int getOrder() {
            return validator.getOrder();
        }
    }
}
