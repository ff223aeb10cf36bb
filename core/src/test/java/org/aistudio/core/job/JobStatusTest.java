package org.aistudio.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobStatusTest {

    private static final Set<String> LEGAL = Set.of(
            "PENDING->RUNNING", "PENDING->FAILED", "PENDING->CANCELLED",
            "RUNNING->COMPLETED", "RUNNING->FAILED", "RUNNING->CANCELLED");

    static Stream<Arguments> everyPair() {
        return EnumSet.allOf(JobStatus.class).stream()
                .flatMap(from -> EnumSet.allOf(JobStatus.class).stream().map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void only_the_lifecycle_transitions_are_legal(JobStatus from, JobStatus to) {
        UUID id = UUID.randomUUID();
        boolean legal = LEGAL.contains(from + "->" + to);

        assertThat(from.canMoveTo(to)).isEqualTo(legal);
        if (legal) {
            from.checkMove(id, to);
        } else {
            assertThatThrownBy(() -> from.checkMove(id, to))
                    .isInstanceOfSatisfying(IllegalJobTransitionException.class, e -> {
                        assertThat(e.jobId()).isEqualTo(id);
                        assertThat(e.from()).isEqualTo(from);
                        assertThat(e.to()).isEqualTo(to);
                        assertThat(e.getMessage()).contains(id.toString(), from.wireName(), to.wireName());
                    });
        }
    }

    @ParameterizedTest
    @MethodSource("everyPair")
    void terminal_states_have_no_way_out(JobStatus from, JobStatus to) {
        if (from.terminal()) {
            assertThat(from.canMoveTo(to)).isFalse();
        }
    }

    @org.junit.jupiter.api.Test
    void wire_names_match_the_database_enum() {
        assertThat(EnumSet.allOf(JobStatus.class).stream().map(JobStatus::wireName))
                .containsExactly("pending", "running", "completed", "failed", "cancelled");
        assertThat(JobStatus.fromWire("cancelled")).isEqualTo(JobStatus.CANCELLED);
    }
}
