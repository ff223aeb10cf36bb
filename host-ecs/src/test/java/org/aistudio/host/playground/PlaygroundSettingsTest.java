package org.aistudio.host.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PlaygroundSettingsTest {

    @Test
    void the_embedded_default_run_turns_the_playground_on() {
        Map<String, Object> properties = new HashMap<>();
        PlaygroundSettings.applyDefault(true, Map.of(), new Properties(), properties);
        assertThat(properties).containsEntry(PlaygroundSettings.ENABLED, true);
    }

    @Test
    void a_configured_database_leaves_it_off() {
        Map<String, Object> properties = new HashMap<>();
        PlaygroundSettings.applyDefault(false, Map.of(), new Properties(), properties);
        assertThat(properties).doesNotContainKey(PlaygroundSettings.ENABLED);
    }

    @Test
    void an_explicit_choice_in_the_environment_or_system_properties_wins_over_the_default() {
        Map<String, Object> fromEnv = new HashMap<>();
        PlaygroundSettings.applyDefault(true, Map.of("AISTUDIO_PLAYGROUND_ENABLED", "false"), new Properties(), fromEnv);
        assertThat(fromEnv).doesNotContainKey(PlaygroundSettings.ENABLED);

        Properties system = new Properties();
        system.setProperty(PlaygroundSettings.ENABLED, "false");
        Map<String, Object> fromSystem = new HashMap<>();
        PlaygroundSettings.applyDefault(true, Map.of(), system, fromSystem);
        assertThat(fromSystem).doesNotContainKey(PlaygroundSettings.ENABLED);
    }
}
