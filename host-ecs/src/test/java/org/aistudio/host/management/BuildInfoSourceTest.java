package org.aistudio.host.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BuildInfoSourceTest {

    private static Properties props(String... keysAndValues) {
        Properties p = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_build_without_git_reports_the_commit_it_was_given_or_unknown() {
        Map<String, Object> info = BuildInfoSource.describe("aistudio-streaming",
                props("version", "1.2.3", "build-time", "2025-01-01T00:00:00Z", "commit", "${aistudio.git.commit}"),
                new Properties());
        assertThat((Map<String, Object>) info.get("app")).containsEntry("version", "1.2.3")
                .containsEntry("buildTime", "2025-01-01T00:00:00Z");
        assertThat((Map<String, Object>) info.get("git")).containsExactly(Map.entry("commit", "unknown"));

        Map<String, Object> passed = BuildInfoSource.describe("x", props("commit", "abc1234"), new Properties());
        assertThat((Map<String, Object>) passed.get("git")).containsEntry("commit", "abc1234");
        assertThat((Map<String, Object>) passed.get("app")).containsEntry("version", "unknown");
    }

    @Test
    @SuppressWarnings("unchecked")
    void git_properties_win_when_the_build_ran_in_a_checkout() {
        Map<String, Object> info = BuildInfoSource.describe("x", props("commit", "unknown"), props(
                "git.commit.id.full", "0123456789abcdef0123456789abcdef01234567", "git.commit.id.abbrev", "0123456",
                "git.branch", "main", "git.dirty", "false"));
        assertThat((Map<String, Object>) info.get("git"))
                .containsEntry("commit", "0123456789abcdef0123456789abcdef01234567")
                .containsEntry("shortCommit", "0123456").containsEntry("branch", "main").containsEntry("dirty", false);
    }
}
