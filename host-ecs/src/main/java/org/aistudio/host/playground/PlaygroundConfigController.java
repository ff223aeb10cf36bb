package org.aistudio.host.playground;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code GET /playground/config}: what the page needs before the user signs in. The development
 * token is only known when the host generated its own development secret (the embedded default
 * run); a host with a real secret or a JWKS URL never has one, so this answers {@code null}.
 */
@Controller("/playground")
@Requires(property = PlaygroundSettings.ENABLED, value = "true")
@Secured(SecurityRule.IS_ANONYMOUS)
public class PlaygroundConfigController {

    private final String devToken;

    public PlaygroundConfigController(@Nullable @Value("${" + PlaygroundSettings.DEV_TOKEN + ":}") String devToken) {
        this.devToken = devToken == null || devToken.isBlank() ? null : devToken;
    }

    /** The page's start-up configuration. */
    @Serdeable
    public record PlaygroundConfig(@Nullable String devToken) {
    }

    @Get("/config")
    public HttpResponse<PlaygroundConfig> config() {
        // A token must not linger in shared caches or the browser's disk cache.
        return HttpResponse.ok(new PlaygroundConfig(devToken)).header("Cache-Control", "no-store");
    }
}
