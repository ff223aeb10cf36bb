package org.aistudio.host.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.ReactiveJsonWebTokenValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.aistudio.fixtures.time.SettableClock;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

class VerifiedTokensTest {

    private static final Duration SKEW = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-29T12:00:00Z"));
    private final Checker checker = new Checker();

    /** Accepts tokens named "good-<seconds to exp>" (or "good-none" for no exp), counting its checks. */
    private final class Checker implements ReactiveJsonWebTokenValidator<String, Object> {
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public Publisher<Authentication> validateToken(String token, Object request) {
            checks.incrementAndGet();
            if (!token.startsWith("good-")) {
                return Mono.empty();
            }
            Map<String, Object> claims = new HashMap<>();
            claims.put("sub", token);
            String exp = token.substring("good-".length()).split("#")[0];
            if (!exp.equals("none")) {
                claims.put("exp", Date.from(clock.instant().plusSeconds(Long.parseLong(exp))));
            }
            return Mono.just(Authentication.build(token, List.of("user"), claims));
        }

        @Override
        public Publisher<String> validate(String token, Object request) {
            return Mono.just("parsed " + token);
        }

        @Override
        public int getOrder() {
            return 7;
        }
    }

    private ReactiveJsonWebTokenValidator<String, Object> remembering(Duration ttl, int size) {
        return tokens(ttl, size).wrap(checker);
    }

    private VerifiedTokens tokens(Duration ttl, int size) {
        return new VerifiedTokens(new TokenSettings(null, null, SKEW, ttl, size), clock);
    }

    private static Authentication check(ReactiveJsonWebTokenValidator<String, Object> validator, String token) {
        return Mono.from(validator.validateToken(token, "request")).block();
    }

    @Test
    void the_same_token_is_checked_once() {
        ReactiveJsonWebTokenValidator<String, Object> validator = remembering(Duration.ofSeconds(60), 10);
        Authentication first = check(validator, "good-3600");
        Authentication second = check(validator, "good-3600");
        assertThat(second).isSameAs(first);
        assertThat(checker.checks).hasValue(1);
    }

    @Test
    void another_token_is_checked_on_its_own() {
        ReactiveJsonWebTokenValidator<String, Object> validator = remembering(Duration.ofSeconds(60), 10);
        check(validator, "good-3600#a");
        Authentication other = check(validator, "good-3600#b");
        assertThat(other.getName()).isEqualTo("good-3600#b");
        assertThat(checker.checks).hasValue(2);
    }

    /** The token goes to the validator every time and is never kept. */
    private void assertNeverRemembered(String token) {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(60), 10);
        ReactiveJsonWebTokenValidator<String, Object> validator = tokens.wrap(checker);
        int before = checker.checks.get();
        check(validator, token);
        check(validator, token);
        assertThat(checker.checks).hasValue(before + 2);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void a_refused_token_is_checked_every_time() {
        assertThat(check(remembering(Duration.ofSeconds(60), 10), "forged")).isNull();
        assertNeverRemembered("forged");
    }

    /** The token is answered from memory until {@code remembered} has passed, and checked a second later. */
    private void assertRememberedFor(String token, Duration remembered, String until) {
        ReactiveJsonWebTokenValidator<String, Object> validator = remembering(Duration.ofSeconds(60), 10);
        check(validator, token);
        clock.advance(remembered);
        check(validator, token);
        assertThat(checker.checks).as("remembered until " + until).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        check(validator, token);
        assertThat(checker.checks).as("checked again at " + until).hasValue(2);
    }

    @Test
    void a_token_is_checked_again_once_it_would_have_expired() {
        assertRememberedFor("good-10", Duration.ofSeconds(39), "exp plus the clock skew");
    }

    @Test
    void a_long_lived_token_is_checked_again_after_the_ttl() {
        assertRememberedFor("good-3600", Duration.ofSeconds(59), "the ttl");
    }

    @Test
    void a_token_without_exp_is_not_remembered() {
        assertNeverRemembered("good-none");
    }

    @Test
    void the_least_recently_used_token_leaves_first() {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(60), 2);
        ReactiveJsonWebTokenValidator<String, Object> validator = tokens.wrap(checker);
        check(validator, "good-3600#a");
        check(validator, "good-3600#b");
        check(validator, "good-3600#a");
        check(validator, "good-3600#c");
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(checker.checks).hasValue(3);
        check(validator, "good-3600#a");
        assertThat(checker.checks).as("a was used after b, so b left").hasValue(3);
        check(validator, "good-3600#b");
        assertThat(checker.checks).hasValue(4);
    }

    @Test
    void a_zero_ttl_or_size_leaves_the_validator_as_it_is() {
        assertThat(remembering(Duration.ZERO, 10)).isSameAs(checker);
        assertThat(remembering(Duration.ofSeconds(60), 0)).isSameAs(checker);
    }

    @Test
    void parsing_and_order_are_the_validators() {
        ReactiveJsonWebTokenValidator<String, Object> validator = remembering(Duration.ofSeconds(60), 10);
        assertThat(Mono.from(validator.validate("t", "request")).block()).isEqualTo("parsed t");
        assertThat(validator.getOrder()).isEqualTo(7);
    }
}
