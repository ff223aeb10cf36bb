package org.aistudio.ops.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.aistudio.ops.image.Dockerfile.Instruction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** No Docker engine runs here, so the image's rules are checked on the Dockerfile itself. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerfileTest {

    private static final Pattern SECRET_NAME = Pattern.compile("KEY|PASSWORD|SECRET|TOKEN|CREDENTIAL");

    private Dockerfile dockerfile;

    @BeforeAll
    void read() throws IOException {
        dockerfile = Dockerfile.read(Path.of("Dockerfile"));
    }

    @Test
    void is_multi_stage() {
        assertTrue(dockerfile.all("FROM").size() >= 2);
    }

    @Test
    void builds_the_host_with_the_repository_maven_wrapper_on_jdk_17() {
        Instruction first = dockerfile.all("FROM").get(0);
        assertTrue(Dockerfile.image(first).matches("maven:[\\w.]+-eclipse-temurin-17"), first.arguments());
        assertTrue(dockerfile.all("RUN").stream().anyMatch(run -> run.stage() == 0
                && run.arguments().contains("./mvnw -B -pl host-ecs -am package -DskipTests")
                && run.arguments().contains("host-ecs/target/aistudio-host.jar")));
    }

    @Test
    void final_stage_runs_on_a_temurin_25_jre_with_compact_headers() {
        Instruction last = dockerfile.all("FROM").get(dockerfile.lastStage());
        assertTrue(Dockerfile.image(last).matches("eclipse-temurin:25[\\w.]*-jre[\\w.-]*"), last.arguments());
        String options = dockerfile.finalStage().stream().filter(i -> i.keyword().equals("ENV"))
                .map(Instruction::arguments).reduce("", String::concat);
        assertTrue(options.contains("-XX:+UseCompactObjectHeaders"), options);
    }

    @Test
    void no_image_uses_latest_or_an_implicit_tag() {
        for (Instruction from : dockerfile.all("FROM")) {
            String image = Dockerfile.image(from);
            assertTrue(image.contains(":") || image.contains("@sha256:"), image + " has no tag");
            assertFalse(image.endsWith(":latest"), image);
        }
    }

    @Test
    void runs_as_a_non_root_user_set_before_the_entrypoint() {
        List<Instruction> users = dockerfile.finalStage().stream().filter(i -> i.keyword().equals("USER")).toList();
        assertFalse(users.isEmpty(), "no USER in the final stage");
        Instruction user = users.get(users.size() - 1);
        String name = user.arguments().split(":")[0];
        assertFalse(name.equals("root") || name.equals("0"), name);
        Instruction entrypoint = dockerfile.all("ENTRYPOINT").get(0);
        assertTrue(dockerfile.indexOf(user) < dockerfile.indexOf(entrypoint));
    }

    @Test
    void health_check_calls_api_health_on_port_3000() {
        List<Instruction> checks = dockerfile.all("HEALTHCHECK");
        assertEquals(1, checks.size());
        assertTrue(checks.get(0).arguments().contains("http://localhost:3000/api/health"), checks.get(0).arguments());
    }

    @Test
    void health_check_tool_is_installed_in_the_final_stage() {
        assertTrue(dockerfile.finalStage().stream().anyMatch(i -> i.keyword().equals("RUN")
                && i.arguments().contains("apt-get install") && i.arguments().contains("curl")));
    }

    @Test
    void exposes_the_http_and_management_ports() {
        List<String> ports = dockerfile.all("EXPOSE").stream()
                .flatMap(e -> List.of(e.arguments().split(" ")).stream()).toList();
        assertTrue(ports.contains("3000"), ports.toString());
        assertTrue(ports.contains("3001"), ports.toString());
    }

    @Test
    void jvm_is_sized_for_a_one_gib_task() {
        String options = dockerfile.finalStage().stream()
                .filter(i -> i.keyword().equals("ENV") || i.keyword().equals("ENTRYPOINT"))
                .map(Instruction::arguments).reduce("", String::concat);
        assertTrue(options.contains("-XX:MaxRAMPercentage="), options);
        assertTrue(options.contains("-XX:MaxDirectMemorySize="), options);
        assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"), options);
        // A stop-the-world collector with one thread: half a vCPU has no room for concurrent work.
        assertTrue(options.contains("-XX:+UseParallelGC"), options);
        assertTrue(options.contains("-XX:ParallelGCThreads=1"), options);
    }

    @Test
    void stops_on_sigterm_with_java_as_the_process_that_receives_it() {
        assertEquals("SIGTERM", dockerfile.all("STOPSIGNAL").get(0).arguments());
        String entrypoint = dockerfile.all("ENTRYPOINT").get(0).arguments();
        assertTrue(entrypoint.startsWith("["), "exec form");
        assertTrue(entrypoint.contains("exec java $JAVA_OPTS -jar /app/aistudio-host.jar"), entrypoint);
    }

    @Test
    void declares_no_secret_in_env_or_arg() {
        for (String keyword : List.of("ENV", "ARG")) {
            for (Instruction instruction : dockerfile.all(keyword)) {
                String name = instruction.arguments().split("[= ]")[0].toUpperCase(Locale.ROOT);
                assertFalse(SECRET_NAME.matcher(name).find(), keyword + " " + name);
            }
        }
    }
}
