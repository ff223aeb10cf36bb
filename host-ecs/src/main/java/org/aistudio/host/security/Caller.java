package org.aistudio.host.security;

import java.util.Set;

/** The authenticated person behind a request. */
public record Caller(long userId, String subject, Set<String> roles) {

    public boolean isAdmin() {
        return roles.contains("admin");
    }
}
