package org.aistudio.host.security;

import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.ExpirationJwtClaimsValidator;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import io.micronaut.security.token.jwt.validator.JWTClaimsSetUtils;
import io.micronaut.security.token.jwt.validator.NotBeforeJwtClaimsValidator;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claims every token must carry: an {@code exp} (a token without one is refused, unlike
 * Micronaut's default) not yet passed, no {@code nbf} in the future, both with a small clock
 * skew; a bounded {@code sub}; and the configured issuer and audience. Replaces Micronaut's
 * expiration and not-before validators, which allow no skew and accept a token without
 * {@code exp}.
 *
 * @param <T> the request type
 */
@Singleton
@Replaces(ExpirationJwtClaimsValidator.class)
public class TokenClaimsValidator<T> implements GenericJwtClaimsValidator<T> {

    private static final Logger LOG = LoggerFactory.getLogger(TokenClaimsValidator.class);

    private final TokenSettings settings;
    private final Clock clock;

    public TokenClaimsValidator(TokenSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public boolean validate(Claims claims, T request) {
        String refusal = refusal(JWTClaimsSetUtils.jwtClaimsSetFromClaims(claims));
        if (refusal != null) {
            // The reason helps whoever debugs a client; the token itself is never logged.
            LOG.debug("Token refused: {}", refusal);
            return false;
        }
        return true;
    }

    private String refusal(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return "no exp claim";
        }
        if (!exp.toInstant().plus(settings.clockSkew()).isAfter(now)) {
            return "expired";
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minus(settings.clockSkew()).isAfter(now)) {
            return "not valid yet";
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > TokenSettings.MAX_SUBJECT_LENGTH) {
            return "no usable sub claim";
        }
        if (settings.checksIssuer() && !settings.issuer().equals(claims.getIssuer())) {
            return "wrong issuer";
        }
        if (settings.checksAudience() && !hasAudience(claims)) {
            return "wrong audience";
        }
        return null;
    }

    private boolean hasAudience(JWTClaimsSet claims) {
        List<String> audience = claims.getAudience();
        if (audience != null && !audience.isEmpty()) {
            return audience.contains(settings.audience());
        }
        // Cognito access tokens name the app client in client_id instead of aud.
        return settings.audience().equals(claims.getClaim("client_id"));
    }

    /** Micronaut's not-before check allows no clock skew; {@link TokenClaimsValidator} does it instead. */
    @Singleton
    @Replaces(NotBeforeJwtClaimsValidator.class)
    static class NoDefaultNotBefore<T> implements GenericJwtClaimsValidator<T> {
        @Override
        public boolean validate(Claims claims, T request) {
            return true;
        }
    }
}
