package org.aistudio.host.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The path the access rules decide on is the path any spelling of it reaches. */
class ApiAccessRuleTest {

    @Test
    void paths_are_compared_in_lower_case_with_repeated_and_trailing_slashes_folded() {
        assertThat(ApiAccessRule.normalize("/api/chat")).isEqualTo("/api/chat");
        assertThat(ApiAccessRule.normalize("/API/Admin/Models/")).isEqualTo("/api/admin/models");
        assertThat(ApiAccessRule.normalize("//api///admin//models")).isEqualTo("/api/admin/models");
        assertThat(ApiAccessRule.normalize("///")).isEqualTo("/");
        assertThat(ApiAccessRule.normalize(null)).isEqualTo("/");
    }
}
