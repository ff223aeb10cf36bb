package org.aistudio.host.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * What a token must say besides its signature ({@code aistudio.jwt.*}).
 *
 * @param issuer the required {@code iss} ({@code AISTUDIO_JWT_ISSUER}); blank means not checked
 * @param audience the required audience ({@code AISTUDIO_JWT_AUDIENCE}): in {@code aud}, or, for
 *        Amazon Cognito access tokens, which carry no {@code aud}, in {@code client_id}; blank
 *        means not checked
 * @param clockSkew how far the issuer's clock may differ from ours for {@code exp} and {@code nbf}
 * @param cacheTtl how long a verified token is answered from memory at most ({@link VerifiedTokens});
 *        zero turns the memory off
 * @param cacheSize how many verified tokens are remembered at most; zero turns the memory off
 */
@ConfigurationProperties("aistudio.jwt")
public record TokenSettings(@Nullable String issuer, @Nullable String audience,
                            @Bindable(defaultValue = "30s") @NotNull Duration clockSkew,
                            @Bindable(defaultValue = "60s") @NotNull Duration cacheTtl,
                            @Bindable(defaultValue = "4096") @Min(0) int cacheSize) {

    /** The longest accepted {@code sub}: a subject is stored, logged and used as a key. */
    public static final int MAX_SUBJECT_LENGTH = 255;

    public boolean checksIssuer() {
        return issuer != null && !issuer.isBlank();
    }

    public boolean checksAudience() {
        return audience != null && !audience.isBlank();
    }
}
