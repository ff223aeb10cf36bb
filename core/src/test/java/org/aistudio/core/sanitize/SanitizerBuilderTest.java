package org.aistudio.core.sanitize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SanitizerBuilderTest {

    @Test
    void defaults_use_the_documented_limits() {
        Sanitizer defaults = Sanitizer.defaults();

        assertThat(defaults.maxDepth()).isEqualTo(Sanitizer.DEFAULT_MAX_DEPTH);
        assertThat(defaults.maxCollectionSize()).isEqualTo(Sanitizer.DEFAULT_MAX_COLLECTION_SIZE);
        assertThat(defaults.maxStringLength()).isEqualTo(Sanitizer.DEFAULT_MAX_STRING_LENGTH);
        assertThat(Sanitizer.builder().build()).hasToString(defaults.toString());
    }

    @Test
    void the_smallest_allowed_limits_build() {
        Sanitizer smallest = Sanitizer.builder()
            .maxDepth(1).maxCollectionSize(1).maxStringLength(Sanitizer.MIN_STRING_LENGTH).build();

        assertThat(smallest.sanitize(List.of(1, 2))).isEqualTo(List.of("[TRUNCATED 2 more items]"));
        assertThat(smallest.sanitizeText("x".repeat(100))).hasSize(Sanitizer.MIN_STRING_LENGTH);
    }

    static Stream<Arguments> badLimits() {
        return Stream.of(
            Arguments.of("maxDepth must be at least 1", (UnaryOperator<Sanitizer.Builder>) b -> b.maxDepth(0), "was 0"),
            Arguments.of("maxCollectionSize must be at least 1",
                (UnaryOperator<Sanitizer.Builder>) b -> b.maxCollectionSize(-5), "was -5"),
            Arguments.of("maxStringLength must be at least 32",
                (UnaryOperator<Sanitizer.Builder>) b -> b.maxStringLength(10), "was 10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLimits")
    void bad_limits_fail_when_built_with_a_message_naming_the_setting(
        String expected, UnaryOperator<Sanitizer.Builder> setting, String actual) {
        Sanitizer.Builder builder = setting.apply(Sanitizer.builder());

        assertThatIllegalArgumentException().isThrownBy(builder::build)
            .withMessageContaining(expected)
            .withMessageContaining(actual);
    }
}
