package org.aistudio.core.sanitize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SanitizeValueTest {

    private final Sanitizer sanitizer = Sanitizer.defaults();

    record ProviderSettings(String baseUrl, String apiKey, int maxTokens) {
    }

    enum Field { PASSWORD, MODEL }

    static Stream<Arguments> values() {
        return Stream.of(
            arguments("flat map",
                Map.of("apiKey", "sk-live", "model", "gpt-4o"),
                Map.of("apiKey", "[REDACTED]", "model", "gpt-4o")),
            arguments("token counts are kept",
                Map.of("inputTokens", 12, "outputTokens", 34, "tokens", 46, "maxTokens", 1000, "access_token", "abc"),
                Map.of("inputTokens", 12, "outputTokens", 34, "tokens", 46, "maxTokens", 1000,
                    "access_token", "[REDACTED]")),
            arguments("flags about secrets are kept",
                Map.of("emailVerified", true, "hasPassword", false, "email", "jane@example.com"),
                Map.of("emailVerified", true, "hasPassword", false, "email", "[REDACTED]")),
            arguments("nested maps and lists",
                Map.of("user", Map.of("name", "Ann", "phone_number", "+14155552671"),
                    "messages", List.of(Map.of("role", "user", "content", "mail me at ann@example.com"))),
                Map.of("user", Map.of("name", "Ann", "phone_number", "[REDACTED]"),
                    "messages", List.of(Map.of("role", "user", "content", "mail me at [REDACTED_EMAIL]")))),
            arguments("a sensitive key blanks a whole subtree",
                Map.of("credentials", Map.of("user", "app", "pass", "s3cr3t")),
                Map.of("credentials", "[REDACTED]")),
            arguments("unset secrets stay visible",
                mapOf("password", null, "apiKey", ""),
                mapOf("password", null, "apiKey", "")),
            arguments("keys are sanitized too",
                Map.of("jane@example.com", 3),
                Map.of("[REDACTED_EMAIL]", 3)),
            arguments("enum keys are matched by name",
                Map.of(Field.PASSWORD, "hunter2", Field.MODEL, "gpt-4o"),
                Map.of(Field.PASSWORD, "[REDACTED]", Field.MODEL, "gpt-4o")),
            arguments("sets and arrays become lists",
                Map.of("tags", Set.of("a"), "names", new String[] {"x", "call 415-555-2671"}, "ids", new int[] {1, 2}),
                Map.of("tags", List.of("a"), "names", List.of("x", "call [REDACTED_PHONE]"), "ids", List.of(1, 2))),
            arguments("records become maps",
                new ProviderSettings("https://api.openai.com", "sk-live", 4096),
                Map.of("baseUrl", "https://api.openai.com", "apiKey", "[REDACTED]", "maxTokens", 4096)),
            arguments("a char array is text",
                new char[] {'p', 'w', '=', 'x'},
                "pw=x"),
            arguments("other objects become their sanitized text",
                new IllegalStateException("no quota for jane@example.com"),
                "java.lang.IllegalStateException: no quota for [REDACTED_EMAIL]"),
            arguments("a top-level string is text",
                "Authorization: Bearer abc123def456",
                "Authorization: Bearer [REDACTED]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void values_are_copied_with_secrets_replaced(String description, Object input, Object expected) {
        assertThat(sanitizer.sanitize(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void sanitizing_a_value_twice_gives_the_same_as_once(String description, Object input) {
        Object once = sanitizer.sanitize(input);
        assertThat(sanitizer.sanitize(once)).isEqualTo(once);
    }

    static Stream<Object> scalars() {
        return Stream.of(42, 4.2, true, 'x', Field.MODEL, UUID.randomUUID(), Instant.EPOCH, Duration.ofMillis(250));
    }

    @ParameterizedTest
    @MethodSource("scalars")
    void scalars_are_returned_as_they_are(Object scalar) {
        assertThat(sanitizer.sanitize(scalar)).isSameAs(scalar);
    }

    @Test
    void null_is_returned_as_null() {
        assertThat(sanitizer.sanitize(null)).isNull();
    }

    @Test
    void the_input_is_left_untouched() {
        Map<String, Object> input =
            new HashMap<>(Map.of("password", "hunter2", "list", new ArrayList<>(List.of("a@b.co"))));
        Map<String, Object> before = Map.of("password", "hunter2", "list", List.of("a@b.co"));

        sanitizer.sanitize(input);

        assertThat(input).isEqualTo(before);
    }

    @Test
    void a_map_containing_itself_becomes_a_cycle_marker() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "loop");
        map.put("self", map);

        assertThat(sanitizer.sanitize(map)).isEqualTo(Map.of("name", "loop", "self", "[CYCLE]"));
    }

    @Test
    void a_list_reaching_back_to_its_parent_becomes_a_cycle_marker() {
        List<Object> list = new ArrayList<>();
        Map<String, Object> parent = new LinkedHashMap<>(Map.of("items", list));
        list.add("first");
        list.add(parent);

        assertThat(sanitizer.sanitize(parent)).isEqualTo(Map.of("items", List.of("first", "[CYCLE]")));
    }

    @Test
    void a_value_shared_by_two_branches_is_not_a_cycle() {
        List<String> shared = List.of("x");
        Map<String, Object> map = Map.of("a", shared, "b", shared);

        assertThat(sanitizer.sanitize(map)).isEqualTo(Map.of("a", List.of("x"), "b", List.of("x")));
    }

    @Test
    void containers_deeper_than_the_limit_are_truncated() {
        Sanitizer shallow = Sanitizer.builder().maxDepth(2).build();
        Map<String, Object> deep = Map.of("level1", Map.of("level2", Map.of("level3", "x")), "n", 1);

        assertThat(shallow.sanitize(deep)).isEqualTo(Map.of("level1", Map.of("level2", "[TRUNCATED]"), "n", 1));
    }

    @Test
    void a_long_list_keeps_the_limit_with_a_marker_counting_the_rest() {
        Sanitizer small = Sanitizer.builder().maxCollectionSize(3).build();
        List<Integer> ten = IntStream.range(0, 10).boxed().toList();

        assertThat(small.sanitize(ten)).isEqualTo(List.of(0, 1, "[TRUNCATED 8 more items]"));
        assertThat(small.sanitize(ten.toArray())).isEqualTo(List.of(0, 1, "[TRUNCATED 8 more items]"));
    }

    @Test
    void a_large_map_keeps_the_limit_with_a_marker_counting_the_rest() {
        Sanitizer small = Sanitizer.builder().maxCollectionSize(3).build();
        Map<String, Integer> ten = new LinkedHashMap<>();
        IntStream.range(0, 10).forEach(i -> ten.put("k" + i, i));

        assertThat(small.sanitize(ten)).isEqualTo(Map.of("k0", 0, "k1", 1, "[TRUNCATED]", "8 more entries"));
    }

    @Test
    void a_collection_at_the_limit_is_kept_whole() {
        Sanitizer small = Sanitizer.builder().maxCollectionSize(3).build();

        assertThat(small.sanitize(List.of(1, 2, 3))).isEqualTo(List.of(1, 2, 3));
    }

    @Test
    void a_long_string_is_cut_with_a_marker_counting_the_dropped_chars() {
        Sanitizer small = Sanitizer.builder().maxStringLength(40).build();
        String input = "x".repeat(100);

        String cut = (String) small.sanitize(input);

        assertThat(cut).isEqualTo("x".repeat(20) + "[TRUNCATED 80 chars]").hasSize(40);
    }

    @Test
    void a_secret_straddling_the_cut_is_redacted_before_cutting() {
        Sanitizer small = Sanitizer.builder().maxStringLength(40).build();
        String input = "x".repeat(25) + " token sk-proj-Ab3dEf6hIj9kLmN0pQrStUvWxYz12";

        String cut = small.sanitizeText(input);

        assertThat(cut).hasSizeLessThanOrEqualTo(40).doesNotContain("sk-").doesNotContain("Ab3d");
    }

    @Test
    void a_cut_never_splits_a_marker() {
        Sanitizer small = Sanitizer.builder().maxStringLength(40).build();
        String input = "x".repeat(10) + " jane@example.com " + "y".repeat(40);

        String cut = small.sanitizeText(input);

        assertThat(cut).isEqualTo("x".repeat(10) + " [TRUNCATED 57 chars]");
        assertThat(small.sanitizeText(cut)).isEqualTo(cut);
    }

    @Test
    void limits_leave_the_output_stable_when_sanitized_again() {
        Sanitizer small = Sanitizer.builder().maxDepth(2).maxCollectionSize(2).maxStringLength(32).build();
        Map<String, Object> input = Map.of(
            "list", List.of("a".repeat(50), "b", "c"),
            "deep", Map.of("deeper", Map.of("deepest", 1)),
            "map", Map.of("x", 1, "y", 2, "z", 3));

        Object once = small.sanitize(input);

        assertThat(small.sanitize(once)).isEqualTo(once);
    }

    @Test
    void arrays_of_arrays_are_lists_of_lists() {
        Object nested = new Object[] {new String[] {"a"}, new int[][] {{1}}};

        assertThat(sanitizer.sanitize(nested)).isEqualTo(List.of(List.of("a"), List.of(List.of(1))));
    }

    /** Map.of refuses nulls. */
    private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
