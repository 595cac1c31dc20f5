package io.gridwork.shared.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in account. {@code scopePaths} are the materialised paths ("/1/4/9/") of the grids the
 * account may work on; a grid is in scope when its path starts with one of them. Admins have the
 * root scope "/". A resident's scope is empty: they see their own household ({@code householdId}).
 * {@code authzVersion} is the account's version of roles, scope, status and password this user was built
 * from: a session holding an older version is rebuilt on its next request.
 */
public record GridworkUser(
        long accountId,
        String username,
        String passwordHash,
        String displayName,
        Long personId,
        Long householdId,
        Set<Role> roles,
        Set<String> permissions,
        List<String> scopePaths,
        boolean enabled,
        boolean locked,
        long authzVersion) implements UserDetails {

    public GridworkUser(long accountId, String username, String passwordHash, String displayName, Long personId,
            Long householdId, Set<Role> roles, Set<String> permissions, List<String> scopePaths, boolean enabled,
            boolean locked) {
        this(accountId, username, passwordHash, displayName, personId, householdId, roles, permissions, scopePaths,
                enabled, locked, 0);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean can(String permission) {
        return permissions.contains(permission);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    public boolean isStaff() {
        return roles.stream().anyMatch(Role::isStaff);
    }

    /** True when a grid with the given path lies inside this account's scope. */
    public boolean covers(String gridPath) {
        if (gridPath == null) {
            return false;
        }
        for (String scope : scopePaths) {
            if (gridPath.startsWith(scope)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        var list = new java.util.ArrayList<GrantedAuthority>();
        roles.forEach(r -> list.add(new SimpleGrantedAuthority(r.authority())));
        permissions.forEach(p -> list.add(new SimpleGrantedAuthority(p)));
        return list;
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    /** The same user without the password hash, safe to keep in a session. */
    public GridworkUser withoutPassword() {
        return new GridworkUser(accountId, username, "", displayName, personId, householdId, roles, permissions,
                scopePaths, enabled, locked, authzVersion);
    }
}
