package org.aistudio.host.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The production logback.xml: AISTUDIO_LOG_FORMAT picks the appender of the root logger. */
class LogFormatTest {

    private static List<Appender<?>> rootAppenders(String format) throws JoranException {
        LoggerContext context = new LoggerContext();
        if (format != null) {
            context.putProperty(LogFormat.VARIABLE, format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL config = LogFormatTest.class.getClassLoader().getResource("logback.xml");
        assertThat(config).isNotNull();
        configurator.doConfigure(config);
        List<Appender<?>> appenders = new ArrayList<>();
        context.getLogger("ROOT").iteratorForAppenders().forEachRemaining(appenders::add);
        context.stop();
        return appenders;
    }

    @Test
    void json_gives_the_json_layout() throws Exception {
        List<Appender<?>> appenders = rootAppenders("json");
        assertThat(appenders).hasSize(1);
        assertThat(appenders.get(0).getName()).isEqualTo(LogFormat.JSON_APPENDER);
        OutputStreamAppender<?> appender = (OutputStreamAppender<?>) appenders.get(0);
        assertThat(((LayoutWrappingEncoder<?>) appender.getEncoder()).getLayout()).isInstanceOf(JsonLayout.class);
    }

    @Test
    void unset_gives_text() throws Exception {
        assertThat(rootAppenders(null)).extracting(Appender::getName).containsExactly(LogFormat.TEXT_APPENDER);
    }

    @ParameterizedTest
    @CsvSource({"json,JSON", "JSON,JSON", " json ,JSON", "text,STDOUT", "yaml,STDOUT", "'',STDOUT"})
    void typos_fall_back_to_text(String format, String appender) {
        assertThat(LogFormat.appenderFor(format)).isEqualTo(appender);
    }
}
