package org.aistudio.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class JvmDefaultsTest {

    @Test
    void the_host_chooses_its_http_client_settings_unless_the_operator_did() {
        Properties unset = new Properties();
        JvmDefaults.apply(unset);
        assertThat(unset.getProperty("jdk.httpclient.bufsize")).isEqualTo("1024");
        assertThat(unset.getProperty("jdk.httpclient.enableAllMethodRetry")).as("resends are the retry policy's").isNull();

        Properties chosen = new Properties();
        chosen.setProperty("jdk.httpclient.bufsize", "65536");
        JvmDefaults.apply(chosen);
        assertThat(chosen.getProperty("jdk.httpclient.bufsize")).isEqualTo("65536");
    }
}
