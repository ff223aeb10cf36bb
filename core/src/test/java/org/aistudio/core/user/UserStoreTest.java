package org.aistudio.core.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import org.aistudio.fixtures.db.EmbeddedDatabase;
import org.aistudio.fixtures.db.TestDatabase;
import org.junit.jupiter.api.Test;

class UserStoreTest {

    private static final TestDatabase DB = EmbeddedDatabase.createDatabase();

    @Test
    void a_user_is_known_once_its_row_is_written_with_the_same_roles() {
        UserStore users = new UserStore(DB.dataSource());
        String subject = "user-" + UUID.randomUUID();
        assertThat(users.knownId(subject, Set.of("user"))).as("never seen").isEmpty();

        long id = users.idOf(subject, Set.of("user"));
        assertThat(users.knownId(subject, Set.of("user"))).hasValue(id);
        assertThat(users.knownId(subject, Set.of("user", "admin"))).as("other roles: the row must be updated")
                .isEmpty();
        assertThat(users.idOf(subject, Set.of("admin", "user"))).isEqualTo(id);
        assertThat(users.knownId(subject, Set.of("user", "admin"))).hasValue(id);
        assertThat(new UserStore(DB.dataSource()).knownId(subject, Set.of("user")))
                .as("another instance has not written it").isEmpty();
    }
}
