package org.aistudio.host.management;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.PropertySource;
import io.micronaut.management.endpoint.info.InfoSource;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * {@code /info}: {@code app} (name, version, build time) and {@code git} (commit and, when the
 * build ran in a git checkout, branch, commit time, dirty). Both files are written at build time;
 * a build without {@code .git} still answers, with the commit passed to the build or
 * {@code unknown}.
 */
@Singleton
public class BuildInfoSource implements InfoSource {

    static final String BUILD_INFO = "META-INF/aistudio/build-info.properties";
    static final String GIT_INFO = "git.properties";
    static final String UNKNOWN = "unknown";

    private final Map<String, Object> info;

    public BuildInfoSource(@Value("${micronaut.application.name:aistudio-streaming}") String name) {
        this.info = describe(name, load(BUILD_INFO), load(GIT_INFO));
    }

    @Override
    public Publisher<PropertySource> getSource() {
        return Mono.just(PropertySource.of("aistudio-build-info", info));
    }

    static Map<String, Object> describe(String name, Properties build, Properties git) {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("name", name);
        app.put("version", known(build.getProperty("version")));
        app.put("buildTime", known(build.getProperty("build-time")));
        Map<String, Object> commit = new LinkedHashMap<>();
        String fromGit = git.getProperty("git.commit.id.full");
        commit.put("commit", fromGit != null ? fromGit : known(build.getProperty("commit")));
        putIfPresent(commit, "shortCommit", git.getProperty("git.commit.id.abbrev"));
        putIfPresent(commit, "branch", git.getProperty("git.branch"));
        putIfPresent(commit, "commitTime", git.getProperty("git.commit.time"));
        if (git.getProperty("git.dirty") != null) {
            commit.put("dirty", Boolean.parseBoolean(git.getProperty("git.dirty")));
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("app", app);
        info.put("git", commit);
        return info;
    }

    /** A value the build did not fill in (an unresolved placeholder) is unknown. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value;
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    static Properties load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = BuildInfoSource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
        return properties;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
