package org.aistudio.host.security;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.ReactiveSignatureConfiguration;
import jakarta.annotation.PostConstruct;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Refuses to start a host that could not verify tokens properly. Micronaut starts without any
 * signature configuration and then accepts unsigned ({@code alg: none}) tokens, and starts with
 * a short HS256 secret and then refuses every token, saying why only at DEBUG. A clock skew
 * allowance beyond a few minutes is refused too.
 */
@Context
public class TokenVerificationCheck {

    /** HS256 needs a key of at least the hash's size. */
    public static final int MIN_SECRET_BYTES = 32;

    /** More skew than this would keep expired tokens alive for long: a clock that far off needs fixing. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final BeanContext beans;
    private final String secret;
    private final TokenSettings settings;

    public TokenVerificationCheck(BeanContext beans, TokenSettings settings,
                                  @Nullable @Property(name = JwksProperties.SECRET_PROPERTY) String secret) {
        this.beans = beans;
        this.settings = settings;
        this.secret = secret;
    }

    @PostConstruct
    void check() {
        if (settings.clockSkew().isNegative() || settings.clockSkew().compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalStateException("AISTUDIO_JWT_CLOCK_SKEW must be from 0s to " + MAX_CLOCK_SKEW.toMinutes()
                    + "m, got " + settings.clockSkew());
        }
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("The JWT secret (AISTUDIO_JWT_SECRET) must be at least "
                    + MIN_SECRET_BYTES + " bytes long for HS256; generate one with: openssl rand -base64 48");
        }
        if (beans.getBeansOfType(SignatureConfiguration.class).isEmpty()
                && beans.getBeansOfType(ReactiveSignatureConfiguration.class).isEmpty()) {
            throw new IllegalStateException("No way to verify tokens is configured: set AISTUDIO_JWT_SECRET "
                    + "(HS256) or AISTUDIO_JWT_JWKS_URL (RS256/ES256, e.g. an Amazon Cognito user pool)");
        }
    }
}
