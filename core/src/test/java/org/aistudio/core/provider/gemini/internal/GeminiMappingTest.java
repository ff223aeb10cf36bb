package org.aistudio.core.provider.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.aistudio.core.provider.FinishReason;
import org.aistudio.core.provider.Usage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GeminiMappingTest {

    @ParameterizedTest
    @CsvSource({"STOP,STOP", "MAX_TOKENS,LENGTH", "SAFETY,CONTENT_FILTER", "RECITATION,CONTENT_FILTER",
            "BLOCKLIST,CONTENT_FILTER", "PROHIBITED_CONTENT,CONTENT_FILTER", "SPII,CONTENT_FILTER",
            "LANGUAGE,OTHER", "MALFORMED_FUNCTION_CALL,OTHER", "FINISH_REASON_UNSPECIFIED,OTHER"})
    void finish_reasons_map_to_the_common_ones(String gemini, FinishReason expected) {
        assertThat(GeminiStream.finishReasonOf(gemini)).isEqualTo(expected);
    }

    @Test
    void thoughts_count_as_output_and_as_reasoning() {
        Usage usage = GeminiStream.usageOf(new GeminiWire.UsageMetadata(12L, 30L, 70L));

        assertThat(usage).isEqualTo(new Usage(12, 100, 70));
    }

    @Test
    void missing_counts_are_zero() {
        assertThat(GeminiStream.usageOf(new GeminiWire.UsageMetadata(5L, null, null))).isEqualTo(new Usage(5, 0, 0));
    }
}
