package org.aistudio.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class JvmDefaultsTest {

    @Test
    void upstream_read_buffers_are_small_unless_the_operator_chose_a_size() {
        Properties unset = new Properties();
        JvmDefaults.apply(unset);
        assertThat(unset.getProperty("jdk.httpclient.bufsize")).isEqualTo("2048");

        Properties chosen = new Properties();
        chosen.setProperty("jdk.httpclient.bufsize", "65536");
        JvmDefaults.apply(chosen);
        assertThat(chosen.getProperty("jdk.httpclient.bufsize")).isEqualTo("65536");
    }
}
