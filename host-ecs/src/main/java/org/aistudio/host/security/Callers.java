package org.aistudio.host.security;

import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.util.Set;
import org.aistudio.core.user.UserStore;

/** Resolves an authentication to a {@link Caller}, creating the user row on first sight. Blocking. */
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
}
