package org.aistudio.host.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.token.DefaultRolesFinder;
import io.micronaut.security.token.RolesFinder;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Roles from the {@code roles} claim (an array of strings) and Amazon Cognito's
 * {@code cognito:groups}, merged. Values that are not short printable strings are dropped: roles
 * are stored with the user and appear in logs.
 */
@Singleton
@Replaces(DefaultRolesFinder.class)
public class ClaimRolesFinder implements RolesFinder {

    /** The claims roles are read from, in order. */
    public static final List<String> CLAIMS = List.of("roles", "cognito:groups");
    static final int MAX_ROLES = 50;
    static final int MAX_ROLE_LENGTH = 128;

    @Override
    public List<String> resolveRoles(Map<String, Object> attributes) {
        Set<String> roles = new LinkedHashSet<>();
        for (String claim : CLAIMS) {
            Object value = attributes == null ? null : attributes.get(claim);
            if (value instanceof Collection<?> values) {
                values.forEach(v -> add(roles, v));
            } else {
                add(roles, value);
            }
        }
        return new ArrayList<>(roles);
    }

    private static void add(Set<String> roles, Object value) {
        if (value instanceof String role && usable(role) && roles.size() < MAX_ROLES) {
            roles.add(role);
        }
    }

    private static boolean usable(String role) {
        if (role.isBlank() || role.length() > MAX_ROLE_LENGTH) {
            return false;
        }
        return role.chars().noneMatch(c -> Character.isISOControl(c) || c == ',');
    }
}
