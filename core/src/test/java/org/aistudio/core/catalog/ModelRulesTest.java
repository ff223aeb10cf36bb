package org.aistudio.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRulesTest {

    private final ModelRules rules = new ModelRules(new KnownProviders(() -> List.of("scripted")));

    private static ModelDefinition.Builder model(String key, String... fallbacks) {
        return ModelDefinition.builder(key).name("Model " + key).provider("demo").providerModelId("demo-1")
                .fallbacks(List.of(fallbacks));
    }

    private static Map<String, ModelDefinition> catalogue(ModelDefinition... models) {
        Map<String, ModelDefinition> byKey = new LinkedHashMap<>();
        for (ModelDefinition m : models) {
            byKey.put(m.key(), m);
        }
        return byKey;
    }

    private static InvalidModelException invalid(Runnable write) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(write::run);
        assertThat(t).isInstanceOf(InvalidModelException.class);
        return (InvalidModelException) t;
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "gpt-4o", "anthropic.claude-3:0", "Model_1.2", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void keys_of_the_schema_pattern_are_accepted(String key) {
        assertThatCode(() -> rules.checkFields(model(key).build())).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", ".a", "a b", "a/b", "ä", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void other_keys_are_refused_naming_the_key(String key) {
        InvalidModelException e = invalid(() -> rules.checkFields(model(key).build()));
        assertThat(e.field()).isEqualTo("key");
        assertThat(e.getMessage()).startsWith("key ");
    }

    @Test
    void registered_and_configurable_providers_are_known_and_others_are_not() {
        for (String p : List.of("demo", "openai", "openai-compatible", "azure", "bedrock", "gemini", "scripted")) {
            assertThatCode(() -> rules.checkFields(model("m").provider(p).build())).doesNotThrowAnyException();
        }
        InvalidModelException e = invalid(() -> rules.checkFields(model("m").provider("anthropic").build()));
        assertThat(e.field()).isEqualTo("provider");
        assertThat(e.getMessage()).contains("'anthropic' is not a known provider").contains("openai-compatible")
                .contains("scripted");
    }

    @Test
    void required_texts_are_named_when_missing() {
        assertThat(invalid(() -> rules.checkFields(model("m").name(" ").build())).getMessage())
                .isEqualTo("name is required");
        assertThat(invalid(() -> rules.checkFields(model("m").provider(null).build())).field()).isEqualTo("provider");
        assertThat(invalid(() -> rules.checkFields(model("m").providerModelId(null).build())).field())
                .isEqualTo("providerModelId");
    }

    @Test
    void negative_or_too_precise_prices_are_refused() {
        InvalidModelException in = invalid(() -> rules.checkFields(
                model("m").inputCostPer1k(new BigDecimal("-0.01")).build()));
        assertThat(in.getMessage()).isEqualTo("inputCostPer1k must not be negative, got -0.01");
        assertThat(invalid(() -> rules.checkFields(model("m").outputCostPer1k(new BigDecimal("-1")).build())).field())
                .isEqualTo("outputCostPer1k");
        assertThat(invalid(() -> rules.checkFields(model("m").outputCostPer1k(new BigDecimal("0.0000001")).build())
        ).getMessage()).contains("at most 6 decimals");
        assertThatCode(() -> rules.checkFields(model("m").inputCostPer1k(new BigDecimal("0.0025000")).build()))
                .doesNotThrowAnyException();
    }

    @Test
    void non_positive_limits_are_refused() {
        assertThat(invalid(() -> rules.checkFields(model("m").maxTokens(0).build())).getMessage())
                .isEqualTo("maxTokens must be a positive number, got 0");
        assertThat(invalid(() -> rules.checkFields(model("m").maxTokens(-5).build())).field()).isEqualTo("maxTokens");
        assertThat(invalid(() -> rules.checkFields(model("m").idleTimeoutMs(0).build())).field())
                .isEqualTo("idleTimeoutMs");
        assertThatCode(() -> rules.checkFields(model("m").maxTokens(null).build())).doesNotThrowAnyException();
    }

    @Test
    void roles_must_be_names_without_spaces() {
        assertThat(invalid(() -> rules.checkFields(model("m").roles(List.of("team a")).build())).field())
                .isEqualTo("roles");
    }

    @Test
    void a_model_may_not_fall_back_to_itself() {
        InvalidModelException e = invalid(() -> rules.checkChanges(List.of(model("a", "a").build()), Map.of()));
        assertThat(e.getMessage()).isEqualTo("fallbacks would make a cycle: a -> a");
    }

    @Test
    void a_two_model_cycle_is_refused() {
        Map<String, ModelDefinition> current = catalogue(model("a", "b").build(), model("b").build());
        InvalidModelException e = invalid(() -> rules.checkChanges(List.of(model("b", "a").build()), current));
        assertThat(e.field()).isEqualTo("fallbacks");
        assertThat(e.getMessage()).isEqualTo("fallbacks would make a cycle: b -> a -> b");
    }

    @Test
    void a_longer_cycle_is_refused_and_a_diamond_is_not_a_cycle() {
        Map<String, ModelDefinition> current = catalogue(model("a", "b", "c").build(), model("b", "d").build(),
                model("c", "d").build(), model("d").build());
        assertThatCode(() -> rules.checkChanges(List.of(model("e", "a").build()), current)).doesNotThrowAnyException();
        InvalidModelException e = invalid(() -> rules.checkChanges(List.of(model("d", "a").build()), current));
        assertThat(e.getMessage()).isEqualTo("fallbacks would make a cycle: d -> a -> b -> d");
    }

    @Test
    void fallbacks_must_name_existing_active_models_once() {
        Map<String, ModelDefinition> current = catalogue(model("b").build(), model("off").active(false).build());
        assertThat(invalid(() -> rules.checkChanges(List.of(model("a", "zzz").build()), current)).getMessage())
                .isEqualTo("fallbacks names 'zzz', which is not a model");
        assertThat(invalid(() -> rules.checkChanges(List.of(model("a", "off").build()), current)).getMessage())
                .isEqualTo("fallbacks names 'off', which is not active");
        assertThat(invalid(() -> rules.checkChanges(List.of(model("a", "b", "b").build()), current)).getMessage())
                .isEqualTo("fallbacks names 'b' more than once");
    }

    @Test
    void models_written_together_may_fall_back_to_each_other_without_a_cycle() {
        assertThatCode(() -> rules.checkChanges(List.of(model("x", "y").build(), model("y").build()), Map.of()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> rules.checkChanges(List.of(model("x", "y").build(), model("y", "x").build()),
                Map.of())).isInstanceOf(InvalidModelException.class).hasMessageContaining("cycle");
    }

    @Test
    void deactivating_a_fallback_of_an_active_model_is_a_conflict_naming_the_referrers() {
        Map<String, ModelDefinition> current = catalogue(model("a", "b").build(), model("c", "b").build(),
                model("d", "b").active(false).build(), model("b").build());
        assertThatThrownBy(() -> rules.checkChanges(List.of(model("b").active(false).build()), current))
                .isInstanceOfSatisfying(ModelConflictException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ModelConflictException.Reason.IN_USE);
                    assertThat(e.getMessage()).contains("active model(s) a, c;");
                });
        assertThatCode(() -> rules.checkChanges(List.of(model("b").active(false).build(), model("a").build(),
                model("c").build()), current)).doesNotThrowAnyException();
    }
}
