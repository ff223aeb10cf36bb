package org.aistudio.host.http2;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the TCP connections the test host accepts, to prove that streams share one. */
@Singleton
@Requires(property = "test.count-connections", value = "true")
public class ConnectionCounter implements BeanCreatedEventListener<ChannelPipelineCustomizer> {

    public static final AtomicInteger CONNECTIONS = new AtomicInteger();

    @Override
    public ChannelPipelineCustomizer onCreated(BeanCreatedEvent<ChannelPipelineCustomizer> event) {
        ChannelPipelineCustomizer customizer = event.getBean();
        if (customizer.isServerChannel()) {
            customizer.doOnConnect(pipeline -> {
                CONNECTIONS.incrementAndGet();
                return pipeline;
            });
        }
        return customizer;
    }
}
