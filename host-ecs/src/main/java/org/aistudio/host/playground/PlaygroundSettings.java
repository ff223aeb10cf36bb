package org.aistudio.host.playground;

import java.util.Map;
import java.util.Properties;

/**
 * Whether the playground is served. It is on by default only in the embedded default run (a
 * newcomer's first command) and off by default everywhere else; {@code AISTUDIO_PLAYGROUND_ENABLED}
 * or {@code aistudio.playground.enabled} decide when set.
 */
public final class PlaygroundSettings {

    /** The property that turns the page, its headers and its config endpoint on. */
    public static final String ENABLED = "aistudio.playground.enabled";
    /** The development token the config endpoint hands out; set only when the dev secret was generated. */
    public static final String DEV_TOKEN = "aistudio.playground.dev-token";
    static final String ENV = "AISTUDIO_PLAYGROUND_ENABLED";

    private PlaygroundSettings() {
    }

    /**
     * Turns the playground on for the embedded default run unless the environment already says
     * either way. Start-up properties outrank environment variables in Micronaut, so an explicit
     * choice must be left alone here rather than overwritten.
     */
    public static void applyDefault(boolean embeddedDefaults, Map<String, String> env, Properties system,
                                    Map<String, Object> properties) {
        boolean explicit = !blank(env.get(ENV)) || !blank(system.getProperty(ENABLED)) || properties.containsKey(ENABLED);
        if (embeddedDefaults && !explicit) {
            properties.put(ENABLED, true);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
