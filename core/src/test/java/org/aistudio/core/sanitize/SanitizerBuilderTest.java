package org.aistudio.core.sanitize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

        assertThat(defaults.maxStringLength()).isEqualTo(Sanitizer.DEFAULT_MAX_STRING_LENGTH);
        assertThat(Sanitizer.builder().build()).hasToString(defaults.toString());
    }

    @Test
    void the_smallest_allowed_limits_build() {
        Sanitizer smallest = Sanitizer.builder().maxStringLength(Sanitizer.MIN_STRING_LENGTH).build();

        assertThat(smallest.sanitizeText("x".repeat(100))).hasSize(Sanitizer.MIN_STRING_LENGTH);
    }

    static Stream<Arguments> badLimits() {
        return Stream.of(
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
