package org.aistudio.host.providers;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

class ProvidersFactoryTest {

    @Test
    void the_provider_http_client_is_netty_or_jdk_and_nothing_else() {
        assertThatCode(() -> ProvidersFactory.checkHttpClient("netty")).doesNotThrowAnyException();
        assertThatCode(() -> ProvidersFactory.checkHttpClient("jdk")).doesNotThrowAnyException();
        assertThatThrownBy(() -> ProvidersFactory.checkHttpClient("jkd"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("must be netty or jdk, not 'jkd'");
    }
}
