package org.aistudio.host.security;

import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.aistudio.core.user.UserStore;

/** Resolves an authentication to a {@link Caller}, creating the user row on first sight. */
@Singleton
public class Callers {

    private final UserStore users;

    public Callers(UserStore users) {
        this.users = users;
    }

    public Caller of(Authentication authentication) {
        Set<String> roles = Set.copyOf(authentication.getRoles());
        return new Caller(users.idOf(authentication.getName(), roles), authentication.getName(), roles);
    }

    /** The caller when this instance knows its user row already; empty when only {@link #of} can tell. Never blocks. */
    public Optional<Caller> known(Authentication authentication) {
        Set<String> roles = Set.copyOf(authentication.getRoles());
        OptionalLong id = users.knownId(authentication.getName(), roles);
        return id.isPresent() ? Optional.of(new Caller(id.getAsLong(), authentication.getName(), roles))
                : Optional.empty();
    }
}
